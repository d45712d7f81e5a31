"""Two-word commands: ``brygga import KIND …`` runs ``import_KIND``."""

import pytest
from django.core.management import CommandError

from brygga.core.management.commands._dispatch import DispatchCommand
from brygga.core.models import ApiToken, User


class CreateCommand(DispatchCommand):
    """`create api-token USER --name N` → `create_api_token USER --name N` (a command we have)."""

    verb = "create"


def test_the_second_word_names_the_command_and_the_rest_is_its_arguments(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # run_from_argv closes every database connection when it is done, as it should at
    # the end of a process; the test's own connection must stay open.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    CreateCommand().run_from_argv(["brygga", "create", "api-token", "alice", "--name", "import"])
    assert ApiToken.objects.get(user=alice).name == "import"


def test_an_unknown_kind_is_refused_with_the_kinds_there_are(db: None) -> None:
    with pytest.raises(CommandError, match="api-token"):
        CreateCommand().command_name("nothing-like-it")


def test_the_import_and_report_words_exist(db: None) -> None:
    from django.core.management import get_commands

    assert {"import", "report"} <= set(get_commands())


def test_called_from_code_the_output_can_be_captured(alice: User) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(CreateCommand(), "api-token", "alice", "--", "--name", "report", stdout=out)
    token = ApiToken.objects.get(user=alice)
    assert token.name == "report"
    assert out.getvalue().startswith("bry_")
