from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_quiz_pass_mark(apps, schema_editor):
    Attempt = apps.get_model("quizzes", "Attempt")
    Quiz = apps.get_model("quizzes", "Quiz")
    Attempt.objects.update(
        pass_mark=Subquery(Quiz.objects.filter(pk=OuterRef("quiz_id")).values("pass_mark")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0004_review_workflow")]

    operations = [
        migrations.AddField(
            model_name="attempt",
            name="pass_mark",
            field=models.PositiveSmallIntegerField(
                default=80,
                help_text="The mark this attempt is graded by: the quiz's own, or the one the caller (e.g. a course) set when starting it.",
                verbose_name="pass mark (%)",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_quiz_pass_mark, migrations.RunPython.noop),
    ]
