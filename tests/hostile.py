"""A corpus of hostile strings and documents, shared by the robustness tests."""

MARKUP = [
    "[bold red]x[/]",
    "[/]",
    "[@click=app.quit]quit[/]",
    "[link=file:///etc/passwd]z[/]",
    "[b]unbalanced",
    "[/bold]",
    "[red",
    "\\[escaped]",
]
CONTROL = [
    "\x1b[2J\x1b[H",
    "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x9b31m",
    "bell\x07",
    "nul\x00byte",
    "\x1bP+q\x1b\\",
    "\x08\x08backspace",
    "\r carriage",
]
DISGUISE = [
    "paypal\u202egnp.exe",
    "enderby\u200beye",
    "\u2066isolate\u2069",
    "x\ufeffy",
    "soft\u00adhyphen",
]
HOSTILE = MARKUP + CONTROL + DISGUISE

# Characters that must never reach a terminal from feed text.
FORBIDDEN = {
    chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
} | set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Non-characters: never text.
NONCHARACTERS = {chr(c) for c in range(0xFDD0, 0xFDF0)} | {
    chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF)
}
FORBIDDEN |= NONCHARACTERS


def has_forbidden(text: str) -> bool:
    return any(ch in FORBIDDEN for ch in text)


def rss(items: str, head: str = "", link: str = "http://example/") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>T</title><link>{link}</link>{items}</channel></rss>"
    ).encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><guid>bomb</guid><description>&lol9;</description></item>
</channel></rss>"""


def xxe(path: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY secret SYSTEM "file://{path}"> ]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>Leak &secret;</title><guid>xxe</guid><description>&secret;</description></item>
</channel></rss>""".encode()
