"""The law of international cooperation requests, in one place (ARCHITECTURE.md §3.6).

Each rule cites its article: request types and their required content (`catalogue`), identifiers
sought (`identifiers`), deadlines (`deadlines`), the workflow and refusal grounds (`workflow`) and the
completeness check run before sending (`completeness`).
"""
