"""The bundled demo organisation (package data: acme-org.json)."""
