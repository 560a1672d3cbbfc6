"""Every route, tried by sessions that have not passed their second factor yet: a WSP admin and
an account manager (staff must use it) and an employer user who switched it on. Pages (the
admin's too) send them to the code step; the API answers 403; only the two-factor pages,
logout, the language switch and the health check are reachable. A new route is covered as soon
as it exists."""

import pytest

from accounts.middleware import TwoFactorRequiredMiddleware
from tests.conftest import give_totp_device, login_unverified
from tests.security.matrix_support import all_routes, call, url_for

VERIFY = "/account/two-factor/verify/"


@pytest.mark.parametrize("who", ["admin", "manager", "employer_user"])
def test_no_route_opens_before_the_second_factor(world, client, who):
    user = world.admin if who == "admin" else getattr(world.a, who)
    give_totp_device(user)
    login_unverified(client, user)
    failures = []
    checked = 0
    for route in all_routes():
        if route.key in TwoFactorRequiredMiddleware.OPEN:
            continue
        url = url_for(route, world, world.a)
        for method in route.methods:
            response = call(client, method, url)
            checked += 1
            if route.is_api:
                if response.status_code != 403:
                    failures.append(f"{method} {url}: {response.status_code}, not 403")
            elif not (
                response.status_code == 302 and response.headers["Location"].startswith(VERIFY)
            ):
                failures.append(f"{method} {url}: {response.status_code}, not to the code step")
    assert checked > 300
    assert not failures, "\n".join(failures)
