"""The managed vocabulary of topics, seeded with the subjects the programme reports on."""

from django.db import migrations

TOPICS = [
    ("policy_legislation", "Policy and legislation", "Politiques et législation"),
    ("international_cooperation", "International cooperation", "Coopération internationale"),
    ("electronic_evidence", "Electronic evidence", "Preuve électronique"),
    ("ransomware", "Ransomware", "Rançongiciels"),
    ("cryptocurrency_tracing", "Cryptocurrency tracing", "Traçage des cryptomonnaies"),
    ("virtual_assets", "Virtual assets", "Actifs virtuels"),
    ("darknet_markets", "Darknet markets", "Marchés du darknet"),
    ("online_child_sexual_exploitation", "Online child sexual exploitation and abuse",
     "Exploitation et abus sexuels d'enfants en ligne"),
    ("ai_misuse", "Misuse of artificial intelligence", "Usage abusif de l'intelligence artificielle"),
    ("cyberviolence", "Cyberviolence", "Cyberviolence"),
    ("election_interference", "Election interference", "Ingérence électorale"),
    ("first_responders", "First responders", "Primo-intervenants"),
    ("judicial_training", "Judicial training", "Formation judiciaire"),
    ("financial_investigations", "Financial investigations and proceeds of crime",
     "Enquêtes financières et produits du crime"),
    ("public_private_cooperation", "Public-private cooperation", "Coopération public-privé"),
    ("rule_of_law_safeguards", "Rule of law safeguards and data protection",
     "Garanties de l'État de droit et protection des données"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("programme", "Topic")
    for code, name_en, name_fr in TOPICS:
        Topic.objects.update_or_create(code=code, defaults={"name_en": name_en, "name_fr": name_fr})


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
