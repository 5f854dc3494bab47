"""Cooperation over the exchange: every step of a request that concerns the other side travels as a signed,
encrypted message of the request's conversation (conversation id = request id), and the other side's copy of
the request is changed by the handler of that message calling the same service (`request_transition`) with the
person who acted as a remote actor.

* ``payloads`` — the message of a step (``cooperation.request.<action>``) and of a request sent, checked field
  by field;
* ``emit`` — called by the services inside their transaction: the step's message goes to the outbox with the
  state change it reports (one code path, whether the other authority is on this node or another one);
* ``handlers`` — applying a step received (creating this node's copy of a request on "send"), documents
  received, registered in ``CooperationConfig.ready()``;
* ``timeline`` — where each message is, for the request page (queued, delivered and receipted, refused,
  failed).

Two authorities of one node share one row of the request: the acting side's step changes it, and its message
goes through the same outbox, worker, inbox and receipt; the handler finds the step already on that row (it
carries the id of the message the row's timeline names) and changes nothing. Across nodes, each node keeps its
own row (same id and reference) and the handler applies the step to it.
"""
