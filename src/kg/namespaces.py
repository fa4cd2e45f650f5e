"""Every IRI prefix the project uses, spelled once.

`DRA` is our own vocabulary: a `DefinedNamespace` with `_fail = True`, so a mistyped term
raises instead of silently minting a new IRI. `tests/test_namespaces.py` keeps its term
list in sync with `ontology/`.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    XSD,
    DefinedNamespace,
)

BASE = "https://dra.example.org/"
ONTOLOGY_IRI = BASE + "ontology"

#: Instances (entities, sentences, measures …) live under one base.
ID = Namespace(BASE + "id/")

#: The SHACL shapes of ontology/shapes.ttl.
SHAPES = Namespace(BASE + "shapes#")

#: The SPARQL endpoint describes itself with these (SPARQL 1.1 Service Description).
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


class DRA(DefinedNamespace):
    """The project's vocabulary (classes UpperCamelCase, properties lowerCamelCase)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # Terms are declared in ontology/ontology.ttl; keep this list in step with it.
    # Classes
    AffiliatedUnit: URIRef
    Agreement: URIRef
    AssistanceGroup: URIRef
    AssistanceMeasure: URIRef
    Association: URIRef
    BranchPairing: URIRef
    City: URIRef
    County: URIRef
    Department: URIRef
    Fund: URIRef
    LeadingGroup: URIRef
    Meeting: URIRef
    Pairing: URIRef
    PartyBranch: URIRef
    PartyCommittee: URIRef
    PartyGroup: URIRef
    PartyOrganization: URIRef
    PlaceSet: URIRef
    Platform: URIRef
    Policy: URIRef
    Project: URIRef
    Province: URIRef
    Relocation: URIRef
    Sentence: URIRef
    Task: URIRef
    Township: URIRef
    Training: URIRef
    Village: URIRef
    # Properties
    agreementParty: URIRef
    amount: URIRef
    assignedBy: URIRef
    assistedParty: URIRef
    assistingParty: URIRef
    assists: URIRef
    basis: URIRef
    beneficiary: URIRef
    category: URIRef
    channel: URIRef
    coordinator: URIRef
    directSpeech: URIRef
    establishedBy: URIRef
    executingOrganizer: URIRef
    formedUnder: URIRef
    fundingSource: URIRef
    involves: URIRef
    partner: URIRef
    partyOrganizationOf: URIRef
    provider: URIRef
    purpose: URIRef
    qualification: URIRef
    quantity: URIRef
    saidAt: URIRef
    sourceLine: URIRef
    speakerPost: URIRef
    statedIn: URIRef
    topic: URIRef
    valueQualifier: URIRef
    # Concept schemes
    AssistanceCategories: URIRef
    Roles: URIRef
    Units: URIRef
    ValueQualifiers: URIRef
    # Concepts (categories, units, qualifiers, roles)
    Approximately: URIRef
    ConsumptionAssistance: URIRef
    CultureAssistance: URIRef
    EachRecipient: URIRef
    EducationAssistance: URIRef
    EmploymentAssistance: URIRef
    FundingAssistance: URIRef
    HousingSafetyAssistance: URIRef
    IndustryAssistance: URIRef
    MedicalAssistance: URIRef
    MoreThan: URIRef
    Nearly: URIRef
    PartyBuildingAssistance: URIRef
    PolicyAssistance: URIRef
    RoleDeputyDirector: URIRef
    RoleDeputyDistrictHead: URIRef
    RoleDeputyLeader: URIRef
    RoleFirstLevelInspector: URIRef
    RoleGeneralSecretary: URIRef
    RoleGroupLeaderUnit: URIRef
    RoleGroupMemberUnit: URIRef
    RoleLeader: URIRef
    RoleMember: URIRef
    RoleMinister: URIRef
    RolePartyGroupMember: URIRef
    RolePartySecretary: URIRef
    RoleSecondedCadre: URIRef
    RoleViceMinister: URIRef
    Several: URIRef
    SportsAssistance: URIRef
    TalentAssistance: URIRef
    TechnicalAssistance: URIRef
    UnitAspect: URIRef
    UnitBatch: URIRef
    UnitCompany: URIRef
    UnitCopy: URIRef
    UnitGroup: URIRef
    UnitHousehold: URIRef
    UnitItem: URIRef
    UnitOccasion: URIRef
    UnitPartyBranch: URIRef
    UnitPercent: URIRef
    UnitPerson: URIRef
    UnitPersonTime: URIRef
    UnitPlace: URIRef
    UnitResidentialCommunity: URIRef
    UnitSet: URIRef
    UnitSheet: URIRef
    UnitTraining: URIRef
    UnitVillage: URIRef


#: The fixed prefix set, used by `kg fmt` and prepended nowhere else: `.rq` files
#: declare their own PREFIX lines so that each runs standalone.
PREFIXES: dict[str, str] = {
    "dcterms": str(DCTERMS),
    "dra": str(DRA._NS),
    "id": str(ID),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "sh": str(SH),
    "shapes": str(SHAPES),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

__all__ = [
    "BASE",
    "DCTERMS",
    "DRA",
    "FORMATS",
    "ID",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SD",
    "SDO",
    "SH",
    "SHAPES",
    "SKOS",
    "XSD",
]
