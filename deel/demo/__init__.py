"""The demo cooperatives, seeded by `python manage.py seed_demo`: one module per app, each
seeding its part through that app's services, in dependency order (see SEEDERS)."""
