"""The admin upload: files, a zip or pasted text → staged bytes → a preview to correct → import.

`items` reads what the browser sent (no database), `staging` keeps the bytes server-side between
preview and confirm, `review` asks reports.ingest what the parser makes of them and saves them
through the same import as the `ingest` command, `views` are the two admin pages.
"""
