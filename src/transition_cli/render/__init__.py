"""Renderers: turn results into text, tables or machine formats. No domain logic here."""
