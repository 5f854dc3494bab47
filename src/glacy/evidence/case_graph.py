"""The CASE/UCO (https://caseontology.org) JSON-LD description of an exported exhibit: the investigation,
the authorization (legal basis), the file with its hashes, its provenance record, and one investigative
action per custody event. Receivers can load it into any CASE-aware tool."""

from __future__ import annotations

from typing import Any

from glacy.evidence.models import CustodyEvent, EvidenceItem

CONTEXT = {
    "kb": "http://glacy.example/kb/",
    "case-investigation": "https://ontology.caseontology.org/case/investigation/",
    "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
HASH_NAMES = {"md5": "MD5", "sha1": "SHA1", "sha256": "SHA256"}


def _hash(node_id: str, algorithm: str, value: str) -> dict[str, Any]:
    return {"@id": node_id, "@type": "uco-types:Hash",
            # A plain literal: UCO 1.4+ wants xsd:string and checks it against its sh:in list of names.
            "uco-types:hashMethod": HASH_NAMES[algorithm],
            "uco-types:hashValue": {"@type": "xsd:hexBinary", "@value": value.upper()}}


def _time(text: str) -> dict[str, str]:
    return {"@type": "xsd:dateTime", "@value": text}


def _file(node_id: str, key: str, name: str, size: int, hashes: Any) -> dict[str, Any]:
    """A uco-observable:File with its name, size and MD5/SHA-1/SHA-256 (read from `hashes` attributes)."""
    return {"@id": node_id, "@type": "uco-observable:File", "uco-core:hasFacet": [
        {"@id": f"kb:file-facet-{key}", "@type": "uco-observable:FileFacet", "uco-observable:fileName": name,
         "uco-observable:sizeInBytes": {"@type": "xsd:integer", "@value": str(size)}},
        {"@id": f"kb:content-data-facet-{key}", "@type": "uco-observable:ContentDataFacet",
         "uco-observable:hash": [_hash(f"kb:hash-{algorithm}-{key}", algorithm, getattr(hashes, algorithm))
                                 for algorithm in ("md5", "sha1", "sha256")]},
    ]}


def case_graph(item: EvidenceItem, events: list[CustodyEvent]) -> dict[str, Any]:
    key = str(item.pk)
    file_id = f"kb:file-{key}"
    record_id = f"kb:provenance-record-{key}"
    graph: list[dict[str, Any]] = [
        {"@id": f"kb:investigation-{item.case_id}", "@type": "case-investigation:Investigation",
         "uco-core:name": item.case.reference, "uco-core:description": item.case.title,
         "uco-core:object": [{"@id": record_id}, {"@id": f"kb:authorization-{key}"},
                             *({"@id": f"kb:action-{event.pk}"} for event in events)]},
        {"@id": f"kb:authorization-{key}", "@type": "case-investigation:Authorization",
         "uco-core:name": item.legal_basis or "legal basis not stated"},
        _file(file_id, key, item.original_name, item.size, item),
        {"@id": record_id, "@type": "case-investigation:ProvenanceRecord",
         "case-investigation:exhibitNumber": item.exhibit_number, "uco-core:object": [{"@id": file_id}]},
    ]
    for member in (item.members.order_by("path") if item.is_file_set else []):
        member_id = f"kb:file-{key}-{member.pk}"
        graph.append(_file(member_id, str(member.pk), member.path, member.size, member))
        graph[3]["uco-core:object"].append({"@id": member_id})
    graph.extend(
        {"@id": f"kb:action-{event.pk}", "@type": "case-investigation:InvestigativeAction",
         "uco-core:name": event.event_type, "uco-core:description": f"#{event.sequence} by {event.performer}"
                                                                    f"{' – ' + event.purpose if event.purpose else ''}",
         "uco-action:startTime": _time(event.time.replace("Z", "+00:00")),
         "uco-action:result": [{"@id": record_id}]}
        for event in events
    )
    return {"@context": CONTEXT, "@graph": graph}
