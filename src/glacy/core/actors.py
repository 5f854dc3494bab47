"""Who acted, when it was not a user of this node: a person of another node's authority.

A step taken on another node (a request acknowledged on the Philippines' node) reaches this node as a signed
message, and the handler of that message calls the same service a local user would. The service needs an
actor: a :class:`RemoteActor`, known here by name, authority and node only — there is no account for them on
this node. The sending node's signature vouches for the name and the roles it states; the authority is the one
the envelope names, which the inbox checked the sending node publishes.

Timelines and audit events record a remote actor by name and authority (``label``); the audit event belongs to
the authority of this node whose records the step changed (``recorded_for``), so it appears in that authority's
trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RemoteActor:
    """A person of another node's authority (or of another authority of this node, for a local delivery)."""

    name: str
    authority: Any  # directory.Authority: the remote copy (or the local sender authority)
    node: str
    recorded_for: Any  # directory.Authority of this node whose records the step changes
    roles: frozenset[str] = frozenset()

    is_authenticated = False  # not a user of this node: never a session, never a User row
    is_remote = True

    @property
    def authority_id(self) -> Any:
        return self.authority.pk

    def has_role(self, role: str) -> bool:
        """The roles the sending node states the person holds there (its signature vouches for them)."""
        return role in self.roles

    def role_codes(self) -> frozenset[str]:
        return self.roles

    @property
    def label(self) -> str:
        """How trails show them: name, authority and node."""
        return f"{self.name} ({self.authority.name}, {self.node})"[:200]


def is_remote_actor(actor: Any) -> bool:
    return bool(getattr(actor, "is_remote", False)) and isinstance(actor, RemoteActor)
