"""The open, read-only JSON API: serializers, views, the OpenAPI schema, CORS and the bulk export."""
