"""The job request: the JSON body of /api/digest, or the page's multipart form, into inputs.

Both arrive checked by :mod:`storyfuse.web.guard` (strict JSON, or a form with the page's
CSRF token). The form is parsed in memory: the body is already bounded by the size guard, so
uploads are held as bytes (Starlette would spool large ones to temporary files) and never
touch a path. Uploaded files are read by :mod:`storyfuse.web.uploads`; pasted articles arrive as
one JSON field with the same fields as the JSON API.
"""

from __future__ import annotations

from dataclasses import replace

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser

from storyfuse.errors import InputError
from storyfuse.model import Article
from storyfuse.web.config import WebConfig
from storyfuse.web.guard import check_json
from storyfuse.web.limits import check_count
from storyfuse.web.schemas import ArticleIn, DigestRequest
from storyfuse.web.service import Inputs, checked_words, request_inputs
from storyfuse.web.uploads import Upload, read_uploads

_ARTICLES = TypeAdapter(list[ArticleIn])
_MAX_FIELDS = 10  # the form has three fields: files, articles, words


async def job_inputs(request: Request, config: WebConfig) -> tuple[Inputs, int]:
    """The request's inputs and word budget, whichever body it has."""
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return await _form_inputs(request, config)
    try:
        body = DigestRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None
    return request_inputs(body.articles), checked_words(body.words, config)


async def _form_inputs(request: Request, config: WebConfig) -> tuple[Inputs, int]:
    form = await _parse_form(request, config)
    try:
        words = checked_words(_words(form.get("words")), config)
        uploads = [Upload(item.filename or "", await item.read()) for item in form.getlist("files")
                   if isinstance(item, UploadFile)]
        pasted = _pasted(form.get("articles"))
    finally:
        await form.close()
    check_count("files", len(uploads), config.max_zip_members)
    read = await run_in_threadpool(read_uploads, uploads, config)
    inputs = request_inputs(pasted) + Inputs(read.articles, (), read.rejected)
    return with_unique_ids(inputs), words


class _MemoryParser(MultiPartParser):
    # Keep every upload in memory: the whole body is already under max_request_bytes.
    spool_max_size = 1 << 40


async def _parse_form(request: Request, config: WebConfig) -> FormData:
    if not request.headers.get("content-type", "").lower().startswith("multipart/"):
        try:
            return await request.form(max_files=0, max_fields=_MAX_FIELDS, max_part_size=config.max_request_bytes)
        except HTTPException as exc:  # Starlette's 400 for too many fields: a 422 like the multipart one
            raise InputError("form", str(exc.detail)) from None
    parser = _MemoryParser(request.headers, request.stream(), max_files=config.max_zip_members,
                           max_fields=_MAX_FIELDS, max_part_size=config.max_request_bytes)
    try:
        return await parser.parse()
    except MultiPartException as exc:
        raise InputError("form", exc.message) from None


def _words(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value))
    except ValueError:
        raise InputError("words", f"must be a whole number, not {str(value)[:40]!r}") from None


def _pasted(value: object) -> list[ArticleIn]:
    if value is None or value == "":
        return []
    try:
        return _ARTICLES.validate_python(check_json(str(value)))
    except InputError as exc:  # the same strict JSON as a JSON body's
        raise InputError("articles", exc.reason) from None
    except ValidationError as exc:
        errors = [{**error, "loc": ("articles", *error.get("loc", ()))} for error in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from None


def with_unique_ids(inputs: Inputs) -> Inputs:
    """Ids made unique across pasted and uploaded articles (``id~2``, ``id~3`` ...).

    Two uploads may well carry the same id (a JSON Lines record's ``id``, a file stem); the
    analysis keys everything by id, so a clash would merge two outlets into one.
    """
    taken = {a.id for a in inputs.articles + inputs.to_fetch}
    seen: set[str] = set()

    def unique(article: Article) -> Article:
        if article.id not in seen:
            seen.add(article.id)
            return article
        n = 2
        while f"{article.id}~{n}" in taken:
            n += 1
        new_id = f"{article.id}~{n}"
        taken.add(new_id)
        seen.add(new_id)
        return replace(article, id=new_id)

    return Inputs(tuple(unique(a) for a in inputs.articles), tuple(unique(a) for a in inputs.to_fetch),
                  inputs.rejected)
