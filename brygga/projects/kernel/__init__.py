"""Pure computation for projects: co-financing, ESF+ indicators, follow-up, suppression.

Standard library only; no Django. The app's selectors turn database rows into
the frozen dataclasses here, so every rule can be tested without a database.
"""
