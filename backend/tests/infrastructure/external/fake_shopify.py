"""A real local HTTP server playing Shopify's GraphQL Admin API, so ShopifyAdapter runs its real httpx
client against it (only the third party is faked, at the HTTP boundary).

It keeps an in-memory shop (blogs, articles, pages, products, files) and answers by ``operationName``
with Shopify's documented response shapes: ``data`` + ``extensions.cost`` (``requestedQueryCost``,
``throttleStatus``), ``userErrors`` on mutations (``TAKEN`` / ``BLANK`` / ``NOT_FOUND``), top-level
``errors`` with ``extensions.code`` (``THROTTLED``, ``ACCESS_DENIED``), 401 for a wrong token. Like
Shopify, ``productCreate`` silently suffixes a handle that is taken (``-1``), which is why the adapter must
look products up by handle before creating. It also plays the staged-upload storage host
(``POST /staged/<n>``, multipart form). Faults are scripted per operation (``fault``).
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.local_http import LocalHttpServer

API_PATH = "/admin/api/2025-10/graphql.json"
TOKEN = "shpat_test_token"
ALL_SCOPES = (
    "read_content",
    "write_content",
    "read_products",
    "write_products",
    "write_files",
    "read_publications",
    "write_publications",
)
ONLINE_STORE = "gid://shopify/Publication/77"
DEFAULT_COST = {
    "requestedQueryCost": 10,
    "actualQueryCost": 10,
    "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 1990, "restoreRate": 100.0},
}


@dataclass
class Fault:
    """A scripted answer for the next request of one operation. ``apply``: do the operation first (the
    write happens, then the answer is lost). ``throttled``: answer THROTTLED with this cost."""

    status: int = 200
    apply: bool = False
    throttled: dict[str, Any] | None = None
    body: Any = None


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    operation: str
    variables: dict[str, Any]
    raw: bytes


@dataclass
class StagedUpload:
    fields: dict[str, str]
    filename: str
    content: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


def slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


class FakeShopify(LocalHttpServer):
    def __init__(self, *, scopes: tuple[str, ...] = ALL_SCOPES) -> None:
        super().__init__(_Handler, name="fake-shopify")
        self.scopes = scopes
        self.requests: list[Request] = []
        self.faults: dict[str, deque[Fault]] = defaultdict(deque)
        self.costs: dict[str, dict[str, Any]] = {}
        self.blogs: list[dict[str, Any]] = []
        self.articles: dict[str, dict[str, Any]] = {}
        self.pages: dict[str, dict[str, Any]] = {}
        self.products: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self.staged: dict[int, StagedUpload] = {}
        self.staged_targets: dict[str, int] = {}
        self.processing_polls = 0  # FileStatus polls that still answer PROCESSING
        self.now = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
        self._ids = itertools.count(1001)

    # --- test API ---

    def fault(self, operation: str, *faults: Fault) -> None:
        self.faults[operation].extend(faults)

    def operations(self) -> list[str]:
        return [r.operation for r in self.requests if r.path == API_PATH]

    def add_blog(self, title: str, handle: str = "") -> dict[str, Any]:
        blog = {"id": f"gid://shopify/Blog/{next(self._ids)}", "title": title, "handle": handle or slugify(title)}
        self.blogs.append(blog)
        return blog

    # --- dispatch (handler threads) ---

    def handle_graphql(self, request: Request) -> tuple[int, Any]:
        with self._lock:
            self.requests.append(request)
            if request.headers.get("x-shopify-access-token") != TOKEN:
                return 401, {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}
            fault = self.faults[request.operation].popleft() if self.faults[request.operation] else None
            if fault is not None and fault.throttled is not None:
                return 200, {
                    "errors": [
                        {
                            "message": "Throttled",
                            "extensions": {
                                "code": "THROTTLED",
                                "documentation": "https://shopify.dev/api/usage/rate-limits",
                            },
                        }
                    ],
                    "extensions": {"cost": fault.throttled},
                }
            if fault is not None and fault.body is not None:
                return fault.status, fault.body
            if fault is not None and not fault.apply:
                return fault.status, {"errors": f"HTTP {fault.status}"}
            handler = getattr(self, f"op_{request.operation}", None)
            if handler is None:
                return 200, {"errors": [{"message": f"fake Shopify: unknown operation {request.operation}"}]}
            data = handler(request.variables)
            if fault is not None:  # applied, then the answer is lost
                return fault.status, {"errors": f"HTTP {fault.status}"}
            cost = self.costs.get(request.operation, DEFAULT_COST)
            return 200, {"data": data, "extensions": {"cost": cost}}

    def handle_staged(self, path: str, headers: dict[str, str], raw: bytes) -> int:
        with self._lock:
            number = int(path.rsplit("/", 1)[-1])
            message = BytesParser(policy=default_policy).parsebytes(
                b"Content-Type: " + headers.get("content-type", "").encode() + b"\r\n\r\n" + raw
            )
            fields: dict[str, str] = {}
            upload = StagedUpload(fields=fields, filename="", content=b"", content_type="", headers=headers)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                decoded = part.get_payload(decode=True)
                payload = decoded if isinstance(decoded, bytes) else b""
                if name == "file":
                    upload.filename = part.get_filename() or ""
                    upload.content = payload
                    upload.content_type = part.get_content_type()
                else:
                    fields[str(name)] = payload.decode()
            self.staged[number] = upload
            return 201

    # --- helpers ---

    def _stamp(self) -> str:
        return self.now.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _new_id(self, kind: str) -> str:
        return f"gid://shopify/{kind}/{next(self._ids)}"

    @staticmethod
    def _seo(item: dict[str, Any], key: str) -> dict[str, str] | None:
        value = item["metafields"].get(("global", key))
        return {"value": value} if value is not None else None

    def _apply_metafields(self, item: dict[str, Any], metafields: list[dict[str, Any]] | None) -> None:
        for mf in metafields or []:
            item["metafields"][(mf["namespace"], mf["key"])] = mf["value"]

    def _published_at(self, data: dict[str, Any], current: str | None) -> str | None:
        if data.get("publishDate"):
            return str(data["publishDate"])
        if "isPublished" in data:
            return (current or self._stamp()) if data["isPublished"] else None
        return current

    def article_node(self, a: dict[str, Any]) -> dict[str, Any]:
        blog = next(b for b in self.blogs if b["id"] == a["blogId"])
        return {
            "id": a["id"],
            "title": a["title"],
            "handle": a["handle"],
            "body": a["body"],
            "summary": a["summary"],
            "tags": a["tags"],
            "isPublished": a["publishedAt"] is not None and a["publishedAt"] <= self._stamp(),
            "publishedAt": a["publishedAt"],
            "updatedAt": a["updatedAt"],
            "author": {"name": a["author"]},
            "blog": {"id": blog["id"], "handle": blog["handle"]},
            "image": a["image"],
            "seoTitle": self._seo(a, "title_tag"),
            "seoDescription": self._seo(a, "description_tag"),
        }

    def page_node(self, p: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": p["id"],
            "title": p["title"],
            "handle": p["handle"],
            "body": p["body"],
            "isPublished": p["publishedAt"] is not None and p["publishedAt"] <= self._stamp(),
            "publishedAt": p["publishedAt"],
            "updatedAt": p["updatedAt"],
            "seoTitle": self._seo(p, "title_tag"),
            "seoDescription": self._seo(p, "description_tag"),
        }

    def product_node(self, p: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": p["id"],
            "title": p["title"],
            "handle": p["handle"],
            "descriptionHtml": p["descriptionHtml"],
            "status": p["status"],
            "tags": p["tags"],
            "updatedAt": p["updatedAt"],
            "onlineStoreUrl": f"https://shop.acme.test/products/{p['handle']}" if self._listed(p) else None,
            "seo": p["seo"],
            "media": {"nodes": [{"id": m} for m in p["media"]]},
            "variants": {"nodes": [{"id": v["id"], "price": v["price"]} for v in p["variants"]]},
        }

    def _listed(self, product: dict[str, Any]) -> bool:
        published = product["publications"].get(ONLINE_STORE)
        return product["status"] == "ACTIVE" and published is not None and published <= self._stamp()

    # --- operations ---

    def op_ShopInfo(self, v: dict[str, Any]) -> dict[str, Any]:
        return {
            "shop": {
                "name": "Acme Outdoor",
                "myshopifyDomain": "acme-outdoor.myshopify.com",
                "primaryDomain": {"url": "https://shop.acme.test"},
            },
            "currentAppInstallation": {"accessScopes": [{"handle": s} for s in self.scopes]},
        }

    def op_PrimaryDomain(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"shop": {"primaryDomain": {"url": "https://shop.acme.test"}}}

    def op_Blogs(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"blogs": {"nodes": [dict(b) for b in self.blogs[:1]]}}

    def op_BlogById(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"node": next((dict(b) for b in self.blogs if b["id"] == v["id"]), None)}

    def op_BlogByHandle(self, v: dict[str, Any]) -> dict[str, Any]:
        handle = v["query"].split(":", 1)[1].strip('"')
        return {"blogs": {"nodes": [dict(b) for b in self.blogs if b["handle"] == handle]}}

    def op_BlogCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        blog = self.add_blog(v["blog"]["title"])
        return {"blogCreate": {"blog": dict(blog), "userErrors": []}}

    def op_ArticleByHandle(self, v: dict[str, Any]) -> dict[str, Any]:
        terms = dict(re.findall(r"(\w+):(\S+)", v["query"]))
        nodes = [
            self.article_node(a)
            for a in self.articles.values()
            if a["handle"] == terms.get("handle") and a["blogId"].endswith("/" + terms.get("blog_id", ""))
        ]
        return {"articles": {"nodes": nodes}}

    def op_ArticleCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        data = v["article"]
        errors = []
        if not data.get("title"):
            errors.append({"code": "BLANK", "field": ["article", "title"], "message": "Title can't be blank"})
        if not (data.get("author") or {}).get("name"):
            errors.append({"code": "BLANK", "field": ["article", "author"], "message": "Author can't be blank"})
        if not any(b["id"] == data.get("blogId") for b in self.blogs):
            errors.append({"code": "NOT_FOUND", "field": ["article", "blogId"], "message": "Blog does not exist"})
        handle = data.get("handle") or slugify(data.get("title", ""))
        if any(a["handle"] == handle and a["blogId"] == data.get("blogId") for a in self.articles.values()):
            errors.append({"code": "TAKEN", "field": ["article", "handle"], "message": "Handle has already been taken"})
        if errors:
            return {"articleCreate": {"article": None, "userErrors": errors}}
        article = {
            "id": self._new_id("Article"),
            "blogId": data["blogId"],
            "title": data["title"],
            "handle": handle,
            "body": data.get("body", ""),
            "summary": data.get("summary", ""),
            "tags": list(data.get("tags") or []),
            "author": data["author"]["name"],
            "image": data.get("image"),
            "publishedAt": self._published_at(data, None),
            "updatedAt": self._stamp(),
            "metafields": {},
        }
        self._apply_metafields(article, data.get("metafields"))
        self.articles[article["id"]] = article
        return {"articleCreate": {"article": self.article_node(article), "userErrors": []}}

    def op_ArticleUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        article = self.articles.get(v["id"])
        if article is None:
            error = {"code": "NOT_FOUND", "field": ["id"], "message": "Article does not exist"}
            return {"articleUpdate": {"article": None, "userErrors": [error]}}
        data = v["article"]
        for key in ("title", "handle", "body", "summary", "image"):
            if key in data:
                article[key] = data[key]
        if "tags" in data:
            article["tags"] = list(data["tags"])
        if "author" in data:
            article["author"] = data["author"]["name"]
        article["publishedAt"] = self._published_at(data, article["publishedAt"])
        article["updatedAt"] = self._stamp()
        self._apply_metafields(article, data.get("metafields"))
        return {"articleUpdate": {"article": self.article_node(article), "userErrors": []}}

    def op_PageByHandle(self, v: dict[str, Any]) -> dict[str, Any]:
        handle = v["query"].split(":", 1)[1]
        return {"pages": {"nodes": [self.page_node(p) for p in self.pages.values() if p["handle"] == handle]}}

    def op_PageCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        data = v["page"]
        if not data.get("title"):
            error = {"code": "BLANK", "field": ["page", "title"], "message": "Title can't be blank"}
            return {"pageCreate": {"page": None, "userErrors": [error]}}
        page = {
            "id": self._new_id("Page"),
            "title": data["title"],
            "handle": data.get("handle") or slugify(data["title"]),
            "body": data.get("body", ""),
            "publishedAt": self._published_at(data, None),
            "updatedAt": self._stamp(),
            "metafields": {},
        }
        self._apply_metafields(page, data.get("metafields"))
        self.pages[page["id"]] = page
        return {"pageCreate": {"page": self.page_node(page), "userErrors": []}}

    def op_PageUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        page = self.pages.get(v["id"])
        if page is None:
            error = {"code": "NOT_FOUND", "field": ["id"], "message": "Page does not exist"}
            return {"pageUpdate": {"page": None, "userErrors": [error]}}
        data = v["page"]
        for key in ("title", "handle", "body"):
            if key in data:
                page[key] = data[key]
        page["publishedAt"] = self._published_at(data, page["publishedAt"])
        page["updatedAt"] = self._stamp()
        self._apply_metafields(page, data.get("metafields"))
        return {"pageUpdate": {"page": self.page_node(page), "userErrors": []}}

    def op_ProductByHandle(self, v: dict[str, Any]) -> dict[str, Any]:
        handle = v["identifier"]["handle"]
        found = next((p for p in self.products.values() if p["handle"] == handle), None)
        return {"productByIdentifier": self.product_node(found) if found else None}

    def op_ProductCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        data = v["product"]
        if not data.get("title"):
            error = {"field": ["title"], "message": "Title can't be blank"}
            return {"productCreate": {"product": None, "userErrors": [error]}}
        handle = data.get("handle") or slugify(data["title"])
        base, n = handle, 0
        while any(p["handle"] == handle for p in self.products.values()):  # Shopify auto-increments
            n += 1
            handle = f"{base}-{n}"
        product = {
            "id": self._new_id("Product"),
            "title": data["title"],
            "handle": handle,
            "descriptionHtml": data.get("descriptionHtml", ""),
            "status": data.get("status", "ACTIVE"),
            "tags": list(data.get("tags") or []),
            "vendor": data.get("vendor", ""),
            "productType": data.get("productType", ""),
            "seo": {"title": None, "description": None, **(data.get("seo") or {})},
            "media": [],
            "variants": [{"id": self._new_id("ProductVariant"), "price": "0.00", "sku": ""}],
            "publications": {},  # publication id -> publish date (API-made products are on no channel)
            "updatedAt": self._stamp(),
        }
        self.products[product["id"]] = product
        return {"productCreate": {"product": self.product_node(product), "userErrors": []}}

    def op_ProductUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        data = v["product"]
        product = self.products.get(data["id"])
        if product is None:
            error = {"field": ["id"], "message": "Product does not exist"}
            return {"productUpdate": {"product": None, "userErrors": [error]}}
        for key in ("title", "handle", "descriptionHtml", "status", "vendor", "productType"):
            if key in data:
                product[key] = data[key]
        if "tags" in data:
            product["tags"] = list(data["tags"])
        if "seo" in data:
            product["seo"] = {**product["seo"], **data["seo"]}
        product["updatedAt"] = self._stamp()
        return {"productUpdate": {"product": self.product_node(product), "userErrors": []}}

    def op_VariantsUpdate(self, v: dict[str, Any]) -> dict[str, Any]:
        product = self.products[v["productId"]]
        for change in v["variants"]:
            variant = next(x for x in product["variants"] if x["id"] == change["id"])
            if "price" in change:
                variant["price"] = change["price"]
            if "inventoryItem" in change:
                variant["sku"] = change["inventoryItem"]["sku"]
        nodes = [{"id": x["id"], "price": x["price"]} for x in product["variants"]]
        return {"productVariantsBulkUpdate": {"productVariants": nodes, "userErrors": []}}

    def op_FileAttach(self, v: dict[str, Any]) -> dict[str, Any]:
        updated = []
        for change in v["files"]:
            file = self.files.get(change["id"])
            if file is None or file["fileStatus"] != "READY":
                error = {"code": "FILE_DOES_NOT_EXIST", "field": ["files"], "message": "File does not exist"}
                return {"fileUpdate": {"files": None, "userErrors": [error]}}
            for product_id in change.get("referencesToAdd") or []:
                if change["id"] not in self.products[product_id]["media"]:
                    self.products[product_id]["media"].append(change["id"])
            updated.append({"id": change["id"]})
        return {"fileUpdate": {"files": updated, "userErrors": []}}

    def op_Publications(self, v: dict[str, Any]) -> dict[str, Any]:
        nodes = [
            {
                "id": "gid://shopify/Publication/76",
                "supportsFuturePublishing": False,
                "catalog": {"title": "Point of Sale"},
            },
            {"id": ONLINE_STORE, "supportsFuturePublishing": True, "catalog": {"title": "Online Store"}},
        ]
        return {"publications": {"nodes": nodes}}

    def op_PublishProduct(self, v: dict[str, Any]) -> dict[str, Any]:
        product = self.products[v["id"]]
        for entry in v["input"]:
            product["publications"][entry["publicationId"]] = entry.get("publishDate") or self._stamp()
        node = {"onlineStoreUrl": self.product_node(product)["onlineStoreUrl"]}
        return {"publishablePublish": {"publishable": node, "userErrors": []}}

    def op_StagedUploadsCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        targets = []
        for item in v["input"]:
            number = next(self._ids)
            key = f"tmp/{number}/{item['filename']}"
            resource_url = f"https://shopify-staged-uploads.storage.googleapis.com/{key}"
            self.staged_targets[resource_url] = number
            targets.append(
                {
                    "url": f"{self.url}/staged/{number}",
                    "resourceUrl": resource_url,
                    "parameters": [
                        {"name": "Content-Type", "value": item["mimeType"]},
                        {"name": "success_action_status", "value": "201"},
                        {"name": "acl", "value": "private"},
                        {"name": "key", "value": key},
                        {"name": "policy", "value": "eyJjb25kaXRpb25zIjpbXX0="},
                        {"name": "x-goog-signature", "value": "0badc0de"},
                    ],
                }
            )
        return {"stagedUploadsCreate": {"stagedTargets": targets, "userErrors": []}}

    def _file_node(self, file: dict[str, Any]) -> dict[str, Any]:
        ready = file["fileStatus"] == "READY"
        return {
            "id": file["id"],
            "fileStatus": file["fileStatus"],
            "alt": file["alt"],
            "image": {"url": file["url"]} if ready else None,
            "fileErrors": [],
        }

    def op_FileCreate(self, v: dict[str, Any]) -> dict[str, Any]:
        nodes = []
        for item in v["files"]:
            number = self.staged_targets.get(item["originalSource"])
            if number is None or number not in self.staged:
                error = {"code": "INVALID", "field": ["files", "0", "originalSource"], "message": "Invalid source"}
                return {"fileCreate": {"files": None, "userErrors": [error]}}
            upload = self.staged[number]
            file = {
                "id": self._new_id("MediaImage"),
                "alt": item.get("alt", ""),
                "filename": item.get("filename") or upload.filename,
                "fileStatus": "UPLOADED" if self.processing_polls else "READY",
                "url": f"https://cdn.shopify.com/s/files/1/0001/files/{item.get('filename') or upload.filename}",
            }
            self.files[file["id"]] = file
            nodes.append(self._file_node(file))
        return {"fileCreate": {"files": nodes, "userErrors": []}}

    def op_FileStatus(self, v: dict[str, Any]) -> dict[str, Any]:
        file = self.files[v["id"]]
        if self.processing_polls:
            self.processing_polls -= 1
            file["fileStatus"] = "PROCESSING" if self.processing_polls else "READY"
        return {"node": self._file_node(file)}

    def op_Node(self, v: dict[str, Any]) -> dict[str, Any]:
        gid = v["id"]
        if gid in self.articles:
            return {"node": {"__typename": "Article", **self.article_node(self.articles[gid])}}
        if gid in self.pages:
            return {"node": {"__typename": "Page", **self.page_node(self.pages[gid])}}
        if gid in self.products:
            return {"node": {"__typename": "Product", **self.product_node(self.products[gid])}}
        return {"node": None}

    def _list(self, items: list[dict[str, Any]], v: dict[str, Any]) -> dict[str, Any]:
        query = v.get("query") or ""
        match = re.match(r"updated_at:>'([^']+)'", query)
        if match:
            items = [n for n in items if n["updatedAt"] > match.group(1)]
        items = sorted(items, key=lambda n: (n["updatedAt"], n["id"]))
        start = int(v["after"]) if v.get("after") else 0
        page = items[start : start + v["first"]]
        end = start + len(page)
        return {"nodes": page, "pageInfo": {"hasNextPage": end < len(items), "endCursor": str(end) if page else None}}

    def op_Articles(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"articles": self._list([self.article_node(a) for a in self.articles.values()], v)}

    def op_Pages(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"pages": self._list([self.page_node(p) for p in self.pages.values()], v)}

    def op_Products(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"products": self._list([self.product_node(p) for p in self.products.values()], v)}

    def op_ArticleTags(self, v: dict[str, Any]) -> dict[str, Any]:
        return {"articleTags": sorted({t for a in self.articles.values() for t in a["tags"]})}

    def shift_clock(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        fake: FakeShopify = self.server.fake  # type: ignore[attr-defined]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k.lower(): v for k, v in self.headers.items()}
        if self.path.startswith("/staged/"):
            self._answer(fake.handle_staged(self.path, headers, raw), b"")
            return
        if self.path != API_PATH:
            self._answer(404, b'{"errors":"Not Found"}')
            return
        body = json.loads(raw)
        request = Request(
            path=self.path,
            headers=headers,
            operation=str(body.get("operationName") or ""),
            variables=body.get("variables") or {},
            raw=raw,
        )
        status, answer = fake.handle_graphql(request)
        self._answer(status, json.dumps(answer).encode())

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
