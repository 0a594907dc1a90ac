"""JWT bearer auth (HS256 with JWT_SECRET) and a role check per endpoint."""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field

import jwt
from flask import current_app, g, request

from ..domain import Actor
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
        """True when the caller holds one of `roles` (admin holds them all)."""
        return "admin" in self.roles or bool(self.roles.intersection(roles))


class AuthError(Exception):
    """The token is missing or invalid (401)."""


def mint_token(secret: str, *, sub: str, roles, name: str = "", department: str | None = None,
               ttl: int = 3600) -> str:
    """A signed token for local use and for other systems."""
    unknown = set(roles) - ROLES
    if unknown:
        raise ValueError(f"unknown roles: {', '.join(sorted(unknown))}")
    now = int(time.time())
    claims = {"sub": sub, "name": name or sub, "roles": sorted(roles), "iat": now, "exp": now + ttl}
    if department:
        claims["department"] = department
    return jwt.encode(claims, secret, algorithm="HS256")


def decode(secret: str, header: str | None) -> Principal:
    """The principal of an `Authorization: Bearer` header, or AuthError."""
    if not header or not header.startswith("Bearer "):
        raise AuthError("A bearer token is required.")
    try:
        claims = _verified_claims(secret, header[7:].strip())
    except jwt.PyJWTError as exc:
        raise AuthError(f"The token is not valid: {exc}") from exc
    if claims["exp"] <= time.time():  # checked on every call: a remembered token still expires
        raise AuthError("The token is not valid: Signature has expired")
    roles = claims.get("roles") or []
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise AuthError("The token's roles claim must be a list of strings.")
    return Principal(sub=str(claims["sub"]), name=str(claims.get("name") or claims["sub"]),
                     roles=frozenset(roles), department=claims.get("department"))


@functools.lru_cache(maxsize=4096)
def _verified_claims(secret: str, token: str) -> dict:
    """The claims of a token whose signature checked out; remembered per token, as integrators reuse
    theirs for every call (an invalid token raises, and exceptions are never remembered)."""
    claims = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["sub", "exp"]})
    if not isinstance(claims["exp"], (int, float)):
        raise jwt.DecodeError("Expiration Time claim (exp) must be a number")
    return claims


def current_principal() -> Principal:
    """The principal of the request being served (after `requires_roles`)."""
    return g.principal


def current_actor() -> Actor:
    """The caller as every service's commands name it (`actor`)."""
    principal = current_principal()
    return Actor(id=principal.sub, name=principal.name or principal.sub, roles=frozenset(principal.roles),
                 department=principal.department)


def requires_roles(*roles: str):
    """Decorator: 401 without a valid token, 403 unless the caller holds one of `roles`."""
    unknown = set(roles) - ROLES
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            try:
                principal = decode(current_app.config["QMS"].jwt_secret, request.headers.get("Authorization"))
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
        return wrapper

    return decorator
