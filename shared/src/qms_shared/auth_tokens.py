"""`qms-token`: mint a JWT for local use or for another company system."""
from __future__ import annotations

import argparse

from .config import Config
from .web.auth import ROLES, mint_token


def mint_from_args(argv=None) -> int:
    """Parse the command line and print a token (with `aud`/`iss` when JWT_AUDIENCE/JWT_ISSUER are set)."""
    parser = argparse.ArgumentParser(prog="qms-token", description="Mint a bearer token (HS256, JWT_SECRET)")
    parser.add_argument("--sub", required=True, help="who the token is for (user id or system name)")
    parser.add_argument("--roles", required=True, help=f"comma-separated, of: {', '.join(sorted(ROLES))}")
    parser.add_argument("--name", default="")
    parser.add_argument("--department")
    parser.add_argument("--ttl", type=int, default=3600, help="seconds the token is valid (default 3600)")
    args = parser.parse_args(argv)
    roles = [r.strip() for r in args.roles.split(",") if r.strip()]
    config = Config()
    if not 0 < args.ttl <= config.jwt_max_ttl:
        parser.error(f"--ttl must be between 1 and JWT_MAX_TTL ({config.jwt_max_ttl}) seconds")
    try:
        token = mint_token(config.jwt_secret, sub=args.sub, roles=roles, name=args.name,
                           department=args.department, ttl=args.ttl, audience=config.jwt_audience or None,
                           issuer=config.jwt_issuer or None)
    except ValueError as exc:
        parser.error(str(exc))
    print(token)
    return 0
