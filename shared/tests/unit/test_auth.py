"""Bearer tokens: a verified token is remembered, but never past its expiry, and a bad one never is."""
import time

import jwt
import pytest

from qms_shared.web.auth import AuthError, decode, mint_token

SECRET = "unit-secret-" + "x" * 20


def test_a_token_is_accepted_again_and_refused_once_it_expires():
    token = mint_token(SECRET, sub="erp", roles=["system"], ttl=2)
    assert decode(SECRET, f"Bearer {token}").sub == "erp"
    assert decode(SECRET, f"Bearer {token}").roles == frozenset({"system"})  # the remembered answer
    time.sleep(2.1)
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
