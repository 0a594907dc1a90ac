"""JWT bearer auth (HS256 with JWT_SECRET) and a role check per endpoint.

A token must carry `sub`, `iat` and `exp`, live no longer than JWT_MAX_TTL (exp - iat), name only known
roles, and, when JWT_AUDIENCE / JWT_ISSUER are set, name them in `aud` / `iss`; 30 s of clock skew is allowed.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field

import jwt
from flask import current_app, g, request

from ..domain import Actor
from .openapi import mark
from .problems import problem

ROLES = frozenset({
    "sales", "quality", "production", "purchasing", "engineering", "finance", "legal",
    "general_manager", "management_rep", "admin", "system", "viewer",
})
ANY_ROLE = tuple(sorted(ROLES))


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's claims."""

    sub: str
    name: str = ""
    roles: frozenset = field(default_factory=frozenset)
    department: str | None = None

    def has_any(self, roles) -> bool:
        """True when the caller holds one of `roles`. `admin` is a role like the others: it configures and
        manages, and passes only where an endpoint names it (it approves nothing it does not also hold)."""
        return bool(self.roles.intersection(roles))


class AuthError(Exception):
    """The token is missing or invalid (401)."""


LEEWAY_SECONDS = 30  # clock skew tolerated on exp, nbf and iat
DEFAULT_MAX_TTL = 24 * 3600


def mint_token(secret: str, *, sub: str, roles, name: str = "", department: str | None = None,
               ttl: int = 3600, audience: str | None = None, issuer: str | None = None) -> str:
    """A signed token for local use and for other systems (with `aud`/`iss` when given)."""
    unknown = set(roles) - ROLES
    if unknown:
        raise ValueError(f"unknown roles: {', '.join(sorted(unknown))}")
    now = int(time.time())
    claims = {"sub": sub, "name": name or sub, "roles": sorted(roles), "iat": now, "exp": now + ttl}
    if department:
        claims["department"] = department
    if audience:
        claims["aud"] = audience
    if issuer:
        claims["iss"] = issuer
    return jwt.encode(claims, secret, algorithm="HS256")


def bearer_token(header: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header (the scheme in any case), or AuthError."""
    scheme, _, token = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("A bearer token is required.")
    return token.strip()


def decode(secret: str, header: str | None, *, audience: str | None = None, issuer: str | None = None,
           max_ttl: int = DEFAULT_MAX_TTL) -> Principal:
    """The principal of an `Authorization: Bearer` header, or AuthError."""
    token = bearer_token(header)
    try:
        claims = _verified_claims(secret, token, audience or None, issuer or None)
    except jwt.PyJWTError as exc:
        raise AuthError(f"The token is not valid: {exc}") from exc
    if claims["exp"] + LEEWAY_SECONDS <= time.time():  # checked on every call: a remembered token still expires
        raise AuthError("The token is not valid: Signature has expired")
    if claims["exp"] - claims["iat"] > max_ttl:
        raise AuthError(f"The token is not valid: it lives longer than the {max_ttl} seconds allowed (exp - iat).")
    return Principal(sub=str(claims["sub"]), name=str(claims.get("name") or claims["sub"]),
                     roles=_roles(claims), department=claims.get("department"))


def _roles(claims: dict) -> frozenset:
    roles = claims.get("roles") or []
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise AuthError("The token's roles claim must be a list of strings.")
    unknown = set(roles) - ROLES
    if unknown:
        raise AuthError(f"The token names unknown roles: {', '.join(sorted(unknown))[:200]}.")
    return frozenset(roles)


@functools.lru_cache(maxsize=4096)
def _verified_claims(secret: str, token: str, audience: str | None, issuer: str | None) -> dict:
    """The claims of a token whose signature checked out; remembered per token, as integrators reuse
    theirs for every call (an invalid token raises, and exceptions are never remembered)."""
    required = ["sub", "exp", "iat"] + (["aud"] if audience else []) + (["iss"] if issuer else [])
    claims = jwt.decode(token, secret, algorithms=["HS256"], audience=audience, issuer=issuer,
                        leeway=LEEWAY_SECONDS, options={"require": required, "verify_aud": bool(audience)})
    for name in ("exp", "iat"):
        if isinstance(claims[name], bool) or not isinstance(claims[name], (int, float)):
            raise jwt.DecodeError(f"The {name} claim must be a number")
    return claims


def current_principal() -> Principal:
    """The principal of the request being served (after `requires_roles`)."""
    return g.principal


def current_actor() -> Actor:
    """The caller as every service's commands name it (`actor`)."""
    principal = current_principal()
    return Actor(id=principal.sub, name=principal.name or principal.sub, roles=frozenset(principal.roles),
                 department=principal.department)


def _principal(config) -> Principal:
    return decode(config.jwt_secret, request.headers.get("Authorization"),
                  audience=getattr(config, "jwt_audience", None), issuer=getattr(config, "jwt_issuer", None),
                  max_ttl=getattr(config, "jwt_max_ttl", DEFAULT_MAX_TTL))


def requires_roles(*roles: str):
    """Decorator: 401 without a valid token, 403 unless the caller holds one of `roles`."""
    unknown = set(roles) - ROLES
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            try:
                principal = _principal(current_app.config["QMS"])
            except AuthError as exc:
                response = problem(401, "Unauthorized", str(exc))
                response.headers["WWW-Authenticate"] = 'Bearer realm="qms"'
                return response
            if not principal.has_any(roles):
                return problem(403, "Forbidden",
                               f"This needs one of the roles: {', '.join(sorted(roles))}.",
                               required_roles=sorted(roles))
            g.principal = principal
            return view(*args, **kwargs)

        wrapper._qms_roles = roles
        return mark(wrapper, roles=sorted(roles))

    return decorator
