"""factory-boy factories: realistic objects built through the same actions the app uses."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from thoughtful.discussion.models import Comment
from thoughtful.markup import render_comment, render_essay
from thoughtful.people.models import User
from thoughtful.publishing.models import Credit, Essay, Image, Tag

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    display_name = factory.Faker("name")
    # Hashed when the object is built: no second save after creation.
    password = factory.django.Password(PASSWORD)


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


def _jpeg_bytes(width: int = 64, height: int = 36) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (120, 90, 70)).save(buffer, "JPEG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(lambda: ContentFile(_jpeg_bytes(), name="picture.jpg"))
    alt_text = "A lamp on a wooden desk by a window at dusk"
    credit = "Image: Author's Own"


class EssayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Essay
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"An essay about difficult thing {n}")
    slug = factory.Sequence(lambda n: f"essay-{n}")
    standfirst = "What I learned when I stopped explaining myself."
    body = "It took me **ten years** to write this.\n\nThis is the second paragraph."
    body_html = factory.LazyAttribute(lambda o: render_essay(o.body))
    author = factory.SubFactory(UserFactory)
    status = Essay.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    featured_image = factory.SubFactory(ImageFactory)

    @factory.post_generation
    def tags(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def author_credit(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            Credit.objects.get_or_create(essay=self, role=Credit.Role.AUTHOR, person=self.author)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    essay = factory.SubFactory(EssayFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"A considered reply, number {n}.")
    body_html = factory.LazyAttribute(lambda o: render_comment(o.body))
    status = Comment.Status.PUBLISHED
