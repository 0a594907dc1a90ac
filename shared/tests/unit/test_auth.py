"""Bearer tokens: a verified token is remembered, but never past its expiry, and a bad one never is."""
import time

import jwt
import pytest

from qms_shared.web import auth
from qms_shared.web.auth import AuthError, decode, mint_token

SECRET = "unit-secret-" + "x" * 20


def test_a_token_is_accepted_again_and_refused_once_it_expires_past_the_leeway(monkeypatch):
    token = mint_token(SECRET, sub="erp", roles=["system"], ttl=2)
    assert decode(SECRET, f"Bearer {token}").sub == "erp"
    assert decode(SECRET, f"Bearer {token}").roles == frozenset({"system"})  # the remembered answer
    now = time.time()
    monkeypatch.setattr(auth.time, "time", lambda: now + 2 + 25)
    assert decode(SECRET, f"Bearer {token}").sub == "erp"  # within 30 s of clock skew
    monkeypatch.setattr(auth.time, "time", lambda: now + 2 + 31)
    with pytest.raises(AuthError, match="expired"):
        decode(SECRET, f"Bearer {token}")


def test_a_token_is_only_good_for_the_secret_that_signed_it():
    token = mint_token(SECRET, sub="erp", roles=["system"])
    decode(SECRET, f"Bearer {token}")
    with pytest.raises(AuthError, match="not valid"):
        decode("another-secret-" + "y" * 20, f"Bearer {token}")


def test_a_tampered_token_is_refused_even_after_the_genuine_one_was_accepted():
    token = mint_token(SECRET, sub="erp", roles=["viewer"])
    decode(SECRET, f"Bearer {token}")
    header, payload, signature = token.split(".")
    forged = jwt.encode({"sub": "erp", "roles": ["admin"], "exp": int(time.time()) + 60}, "a-guessed-secret-of-enough-length!")
    with pytest.raises(AuthError, match="not valid"):
        decode(SECRET, f"Bearer {header}.{forged.split('.')[1]}.{signature}")


def test_an_expiry_that_is_not_a_number_is_refused():
    token = jwt.encode({"sub": "erp", "roles": [], "exp": str(int(time.time()) + 60)}, SECRET)
    with pytest.raises(AuthError, match="not valid"):
        decode(SECRET, f"Bearer {token}")


def _signed(**claims) -> str:
    now = int(time.time())
    return jwt.encode({"sub": "erp", "roles": ["viewer"], "iat": now, "exp": now + 60, **claims}, SECRET)


def test_the_scheme_is_accepted_in_any_case():
    token = mint_token(SECRET, sub="erp", roles=["viewer"])
    for scheme in ("Bearer", "bearer", "BEARER", "bEaReR"):
        assert decode(SECRET, f"{scheme} {token}").sub == "erp"
    for header in (token, f"Basic {token}", "Bearer", "Bearer   "):
        with pytest.raises(AuthError, match="bearer token is required"):
            decode(SECRET, header)


def test_a_token_without_iat_or_living_longer_than_the_maximum_is_refused():
    now = int(time.time())
    with pytest.raises(AuthError, match="iat"):
        decode(SECRET, "Bearer " + jwt.encode({"sub": "erp", "roles": [], "exp": now + 60}, SECRET))
    with pytest.raises(AuthError, match="lives longer"):
        decode(SECRET, "Bearer " + _signed(iat=now, exp=now + 24 * 3600 + 1))
    assert decode(SECRET, "Bearer " + _signed(iat=now, exp=now + 24 * 3600)).sub == "erp"
    with pytest.raises(AuthError, match="lives longer"):
        decode(SECRET, "Bearer " + _signed(iat=now, exp=now + 3601), max_ttl=3600)


def test_iat_and_nbf_allow_thirty_seconds_of_clock_skew():
    now = int(time.time())
    assert decode(SECRET, "Bearer " + _signed(iat=now + 20, nbf=now + 20, exp=now + 80)).sub == "erp"
    with pytest.raises(AuthError, match="not valid"):
        decode(SECRET, "Bearer " + _signed(iat=now, nbf=now + 45, exp=now + 80))
    with pytest.raises(AuthError, match="not valid"):
        decode(SECRET, "Bearer " + _signed(iat=now + 45, exp=now + 90))


def test_unknown_roles_in_a_token_are_refused_with_a_clear_detail():
    with pytest.raises(AuthError, match="unknown roles: superuser"):
        decode(SECRET, "Bearer " + _signed(roles=["viewer", "superuser"]))


def test_audience_and_issuer_are_required_and_checked_when_configured():
    good = mint_token(SECRET, sub="erp", roles=["viewer"], audience="qms", issuer="https://sso.example")
    assert decode(SECRET, f"Bearer {good}", audience="qms", issuer="https://sso.example").sub == "erp"
    plain = mint_token(SECRET, sub="erp", roles=["viewer"])
    assert decode(SECRET, f"Bearer {plain}").sub == "erp"  # nothing configured: nothing required
    for token, match in ((plain, "aud"), (mint_token(SECRET, sub="e", roles=[], audience="other",
                                                      issuer="https://sso.example"), "(?i)audience")):
        with pytest.raises(AuthError, match=match):
            decode(SECRET, f"Bearer {token}", audience="qms", issuer="https://sso.example")
    with pytest.raises(AuthError, match="iss"):
        decode(SECRET, f"Bearer {mint_token(SECRET, sub='e', roles=[], audience='qms')}", audience="qms",
               issuer="https://sso.example")
    with pytest.raises(AuthError, match="(?i)issuer"):
        decode(SECRET, f"Bearer {mint_token(SECRET, sub='e', roles=[], issuer='https://evil.example')}",
               issuer="https://sso.example")
