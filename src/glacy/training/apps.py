from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "glacy.training"
    label = "training"
    verbose_name = "Training"
    default_auto_field = "django.db.models.BigAutoField"
