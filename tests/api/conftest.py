"""The API contract tests use the security tests' world (one object of each kind in two
regions): tests/security/conftest.py."""

from tests.security.conftest import world  # noqa: F401
