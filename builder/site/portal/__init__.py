"""The users' self-help portal (`kb build --audience user`): the same base, seen by the ministry's staff."""
