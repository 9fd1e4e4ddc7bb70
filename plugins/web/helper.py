"""`Page`: what a page's view gets — the logged-in person, the home opened as that person, transactions,
rendering and masking — so that a plugin's page needs nothing but `lianluo.kernel` and this object.

Every write a view makes through `page.act`, `page.desk(tx)` or `page.transaction()` is recorded under the
person's login name (the kernel's `Desk` writes `app.user` into each event), and `page.audit` adds a line to
the kernel's `audit` table for what is not an item's event (unmasking personal data).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import flask
from markupsafe import Markup, escape
from werkzeug.exceptions import Forbidden, NotFound

from lianluo.kernel import Desk, Item, LianluoError, RefusedError, day_or_today, load_item, mask_address, mask_phone, mask_text

from .roles import may_act, sees_item


class Page:
    """One request, as a view sees it."""

    def __init__(self, web, user, decl):
        self.web = web
        self.user = user
        self.decl = decl
        self.app = attrs.evolve(web.app, user=user.name)  # the desk records this name in every event
        self.today: dt.date = day_or_today(None)

    # --- the request ------------------------------------------------------------------------------------

    @property
    def method(self) -> str:
        return flask.request.method

    @property
    def args(self):
        """The query string (a MultiDict: `args.get(name)`, `args.getlist(name)`)."""
        return flask.request.args

    @property
    def form(self):
        """The posted form fields (CSRF already checked before the view runs)."""
        return flask.request.form

    @property
    def files(self):
        """Uploaded files (a MultiDict of werkzeug FileStorage); the size is capped by MAX_CONTENT_LENGTH."""
        return flask.request.files

    @property
    def params(self):
        """The profile's `[web]` section."""
        return self.app.profile.params("web")

    # --- data -------------------------------------------------------------------------------------------

    def reader(self):
        return self.app.store.reader()

    def transaction(self):
        return self.app.store.transaction()

    def context(self, tx, day: dt.date | None = None):
        """The hook context (directory, calendar, kinds, queries) for this request's person."""
        return self.app.context(tx, day or self.today)

    def desk(self, tx) -> Desk:
        """Register and act, recorded under the person's name (check `may_act` / `item` first)."""
        return Desk(self.app, tx)

    def item(self, tx, ref: Any, table: str = "items") -> Item:
        """The item the person may see, or 404 (another department's matter looks like no matter at all)."""
        try:
            found = load_item(tx, ref, table=table)
        except LianluoError:
            raise NotFound() from None
        if not sees_item(self.user, found):
            raise NotFound()
        return found

    def sees(self, item: Item) -> bool:
        return sees_item(self.user, item)

    def may_act(self, action: str) -> bool:
        return may_act(self.user, action, self.params)

    def act(self, ref: Any, action: str, day: dt.date | None = None, table: str = "items", **detail: Any) -> Item:
        """Apply a declared action to a matter (or a task: table="tasks") the person sees and may act on, in one
        transaction."""
        if not self.may_act(action):
            raise Forbidden()
        with self.transaction() as tx:
            self.item(tx, ref, table=table)
            return self.desk(tx).act(ref, action, day or self.today, table=table, **detail)

    def audit(self, tx, what: str, **detail: Any) -> None:
        """A line in the kernel's audit table: who (login name), from where, when, what."""
        tx.insert("audit", {"who": self.user.name, "account": f"web {flask.request.remote_addr or ''}".strip(),
                            "when": dt.datetime.now().isoformat(timespec="seconds"), "what": what, **detail})

    # --- personal data ----------------------------------------------------------------------------------

    @property
    def unmasked(self) -> bool:
        """Whether this page shows phone numbers and addresses in full: only the liaison office, only when it
        asks (`?unmask=1`), and the asking is audited (the view calls `unmask_audited`)."""
        return self.user.role == "clerk" and flask.request.args.get("unmask") == "1"

    def unmask_audited(self, tx, what: str, **detail: Any) -> None:
        if self.unmasked:
            self.audit(tx, f"web unmask {what}", **detail)

    def phone(self, value: str | None) -> str:
        return (value or "") if self.unmasked else mask_phone(value or "")

    def address(self, value: str | None) -> str:
        return (value or "") if self.unmasked else mask_address(value or "")

    def text(self, value: str | None) -> str:
        """Free text with every phone-shaped number masked (unless unmasked)."""
        return (value or "") if self.unmasked else mask_text(value or "")

    # --- answers ----------------------------------------------------------------------------------------

    def render(self, template: str, **context: Any) -> str:
        """A whole page from a template extending ``base.html``; `page`, the navigation and CSRF are given."""
        return flask.render_template(template, page=self, **context)

    def fragment(self, template: str, **context: Any) -> Markup:
        """Part of a page (a panel), already safe HTML."""
        return Markup(flask.render_template(template, page=self, **context))

    def redirect(self, path: str, message: str | None = None):
        if message:
            flask.flash(message)
        return flask.redirect(path, code=303)

    def flash(self, message: str) -> None:
        flask.flash(message)

    def not_found(self):
        raise NotFound()

    def forbidden(self):
        raise Forbidden()

    def refuse(self, message: str):
        """A well-formed request the rules do not allow now: the message is shown on an error page (409)."""
        raise RefusedError(message)

    @staticmethod
    def escape(value: Any) -> Markup:
        return escape(value)
