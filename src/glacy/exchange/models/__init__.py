"""Key histories (this node's and its peers'), peers, and the messages that travel between nodes."""

from glacy.exchange.models.keys import KeyStatement
from glacy.exchange.models.peers import Peer, PeerKeyConfirmation

__all__ = ["KeyStatement", "Peer", "PeerKeyConfirmation"]
