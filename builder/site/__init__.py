"""The agents' site: pages generated from the validated model, built by MkDocs.

Every page is written by us into a docs folder under `.kb/`; MkDocs (or Zensical,
which reads the same mkdocs.yml) only renders it. No MkDocs plugin or hook of ours.
"""
