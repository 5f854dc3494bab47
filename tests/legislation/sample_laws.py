"""Small laws written for the tests, in the drafting styles the segmenter and the mapper must handle."""

ENGLISH_ACT = """COMPUTER MISUSE ACT (test text)

PART I – PRELIMINARY

Section 1. Short title
This Act may be cited as the Computer Misuse Act.

PART II – OFFENCES

Section 2. Unauthorised access
A person who intentionally and without authorisation accesses the whole or any part of a computer system commits \
an offence and is liable on conviction to imprisonment for a term not exceeding five years.

Section 3. Interference with data
A person who intentionally and without lawful excuse damages, deletes, alters or suppresses computer data commits \
an offence and is liable on conviction to imprisonment for a term not exceeding five years.

Section 4. Online defamation
A person who publishes on a social media platform a false statement that harms the reputation of another person \
commits the offence of online defamation.

Section 5. Production order
A judge may order a person in the territory to submit specified computer data in that person's possession or \
control, and a service provider to submit subscriber information relating to its services.
"""

FRENCH_LAW = """LOI RELATIVE À LA CYBERCRIMINALITÉ (texte d'essai)

Article premier. – La présente loi entre en vigueur à la date de sa publication.

Article 431-8. – Le fait d'accéder ou de se maintenir, frauduleusement, dans tout ou partie d'un système \
informatique est puni de deux ans d'emprisonnement et d'une amende.

Article 431-9. – Le fait d'entraver ou de fausser intentionnellement le fonctionnement d'un système informatique \
est puni de cinq ans d'emprisonnement.
"""
