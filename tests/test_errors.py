"""The error tree: structure, builtin bases, and readable messages."""

import pickle

import pytest

from gridgov import errors


class TestErrorTree:
    """Every gridgov error is a GridgovError and refines the builtin it means."""

    @pytest.mark.parametrize(
        ("cls", "builtin"),
        [
            (errors.SpecError, ValueError),
            (errors.ImportRowsError, ValueError),
            (errors.UnknownEntityError, LookupError),
            (errors.DuplicateEntityError, ValueError),
            (errors.InvalidValueError, ValueError),
            (errors.LedgerError, ValueError),
            (errors.IdempotencyConflictError, ValueError),
            (errors.ScopeError, PermissionError),
            (errors.MissingExtraError, ImportError),
        ],
    )
    def test_subclasses_root_and_builtin(self, cls, builtin):
        """Each error can be caught as GridgovError and as its builtin."""
        assert issubclass(cls, errors.GridgovError)
        assert issubclass(cls, builtin)

    def test_every_exported_error_is_gridgov(self):
        """Every exception class in errors.__all__ derives from GridgovError."""
        for name in errors.__all__:
            obj = getattr(errors, name)
            if isinstance(obj, type) and issubclass(obj, BaseException):
                assert issubclass(obj, errors.GridgovError), name


class TestMessages:
    """Messages say where, what was expected, and what was found."""

    def test_spec_error_lists_every_problem(self):
        """SpecError counts and lists all problems with their paths."""
        err = errors.SpecError(
            [errors.SpecProblem("a[0].b", "bad"), errors.SpecProblem("c", "worse")],
            source="town.toml",
        )

        assert err.paths == ("a[0].b", "c")
        assert str(err).splitlines() == [
            "2 problems in spec town.toml:",
            "  a[0].b: bad",
            "  c: worse",
        ]

    def test_invalid_value_names_argument_expectation_and_type(self):
        """InvalidValueError renders name, expectation and the value with its type."""
        err = errors.InvalidValueError("days", "an integer >= 0", -1)

        assert str(err) == "days: expected an integer >= 0, got -1 (int)"

    def test_unknown_entity_is_readable(self):
        """UnknownEntityError's str() is not the quoted KeyError style."""
        err = errors.UnknownEntityError("household", "H9", hint="did you mean 'H1'?")

        assert str(err) == "unknown household 'H9'; did you mean 'H1'?"
        assert err.kind == "household"
        assert err.key == "H9"

    def test_transition_refused_lists_alternatives(self):
        """TransitionRefusedError says what is allowed instead."""
        err = errors.TransitionRefusedError(
            command="close",
            state="reported",
            reason="wrong_state",
            detail="close needs state verified",
            allowed=["register", "void"],
        )

        assert "allowed now: register, void" in str(err)
        assert err.reason == "wrong_state"

    def test_import_rows_error_says_nothing_imported(self):
        """ImportRowsError reports each bad row and that nothing was imported."""
        err = errors.ImportRowsError(
            [errors.RowProblem(3, "地址", "empty")], source="a.csv"
        )

        assert "nothing was imported" in str(err)
        assert "line 3, column '地址': empty" in str(err)

    def test_missing_extra_names_install_command(self):
        """MissingExtraError tells the user which extra to install."""
        err = errors.MissingExtraError("excel", "openpyxl", "Excel import")

        assert "pip install 'gridgov[excel]'" in str(err)

    def test_spec_problem_pickles(self):
        """Problems survive pickling (multiprocessing, caches)."""
        p = errors.SpecProblem("x", "y")

        assert pickle.loads(pickle.dumps(p)) == p
