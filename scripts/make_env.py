"""Write a development .env (DEBUG on, a fresh secret key) unless one exists. Not for production."""

import secrets
from pathlib import Path

path = Path(__file__).resolve().parent.parent / ".env"
if not path.exists():
    path.write_text(
        "# Local development settings written by `make`; see README (configuration).\n"
        "DEBUG=true\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
    )
    print(f"Wrote {path}")
