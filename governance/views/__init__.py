"""Views of governance (thin: parse, check permission, call a service or selector, render)."""
