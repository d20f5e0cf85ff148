"""What the portal publishes: published items whose audience includes users, and nothing else.

The portal's pages are rendered from a base that holds only those items, so that an
agent-only item cannot reach a page by any path: a link to it finds nothing and is
written as its words, a `see` is left out, a `goto` into it becomes « contact the
support », and only the images the portal's items show are copied.
"""
from __future__ import annotations

from builder.content.images import image_refs
from builder.model import Base, Item

USER = "user"


def for_users(item: Item) -> bool:
    return item.published and bool(item.id) and USER in item.audience


def portal_base(base: Base) -> Base:
    articles = [a for a in base.articles if for_users(a)]
    trees = [t for t in base.trees if for_users(t)]
    shown = {ref.target for item in [*articles, *trees] for ref in image_refs(item) if ref.target}
    return Base(base.root, base.config, articles, trees, [],
                images={path: image for path, image in base.images.items() if path in shown})
