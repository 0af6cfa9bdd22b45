"""What a Content-Security-Policy without 'unsafe-inline' would block in a page: found with selectolax."""

from selectolax.lexbor import LexborHTMLParser

# Script elements the browser does not run (data blocks) are not blocked by script-src.
_DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def inline_code(html: str) -> list[str]:
    """Each inline script, <style> element, style attribute and on… handler, described briefly."""
    tree = LexborHTMLParser(html)
    found = []
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").strip().lower()
        if "src" not in script.attributes and kind not in _DATA_SCRIPT_TYPES:
            found.append(f"inline script: {script.text()[:60]!r}")
    found += [f"<style>: {style.text()[:60]!r}" for style in tree.css("style")]
    for node in tree.css("*"):
        for name, value in node.attributes.items():
            if name == "style" or name.startswith("on"):
                found.append(f"<{node.tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                found.append(f"<{node.tag} {name}={value!r}>")
    return found
