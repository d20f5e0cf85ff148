"""Full-text search of the base (kb search, search before create, the site's search).

Other packages use `api` (results, statuses, errors) and `index.updated_index`.
"""
