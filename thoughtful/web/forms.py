from django import forms

from thoughtful.discussion.actions import MAX_COMMENT_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        # The action enforces the limit too; this only lets the browser warn early.
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_COMMENT_LENGTH}),
        error_messages={
            "required": "Your comment is empty.",
            "max_length": f"Comments can be at most {MAX_COMMENT_LENGTH:,} characters.",
        },
    )
