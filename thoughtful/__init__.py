"""thoughtful: personal essays on hard topics, and a discussion that stays thoughtful."""
