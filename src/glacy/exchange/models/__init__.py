"""Key histories (this node's and its peers'), peers, and the messages that travel between nodes."""

from glacy.exchange.models.keys import KeyStatement
from glacy.exchange.models.messages import Conversation, InboundMessage, InboxIncident, OutboundMessage
from glacy.exchange.models.peers import Peer, PeerKeyConfirmation
from glacy.exchange.models.transfers import IncomingChunk, IncomingTransfer, OutgoingTransfer

__all__ = ["Conversation", "InboundMessage", "InboxIncident", "IncomingChunk", "IncomingTransfer", "KeyStatement",
           "OutboundMessage", "OutgoingTransfer", "Peer", "PeerKeyConfirmation"]
