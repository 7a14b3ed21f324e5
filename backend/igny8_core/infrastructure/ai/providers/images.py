"""Image providers over plain httpx (one image per call, seed 10.6): OpenAI Images and Runware.

The provider is chosen per account in ``AISettings.function_settings["generate_images"]``:
``{"provider": "offline" | "openai" | "runware", "model": "…", "base_url": "…"}``; keys come from
the account's encrypted credentials ("openai", "runware").
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from typing import Any, Protocol, cast

import httpx

from igny8_core.infrastructure.ai.errors import ProviderError, ProviderNotConfigured
from igny8_core.infrastructure.ai.providers.http import post_json

OPENAI_IMAGES_BASE_URL = "https://api.openai.com/v1"
RUNWARE_URL = "https://api.runware.ai/v1"
DEFAULT_IMAGE_MODELS = {"openai": "gpt-image-1", "runware": "runware:100@1"}
IMAGE_PROVIDERS = ("offline", "openai", "runware")
MAX_IMAGE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ImageRequest:
    prompt: str
    width: int
    height: int
    model: str


@dataclass(frozen=True)
class ImageResult:
    data: bytes
    model: str
    provider: str


class ImageProvider(Protocol):
    name: str

    def generate(self, request: ImageRequest) -> ImageResult: ...


def _decode(label: str, value: Any) -> bytes:
    if not isinstance(value, str) or not value:
        raise ProviderError(f"{label} answered without image data")
    if value.startswith("data:") and "," in value:
        value = value.split(",", 1)[1]
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ProviderError(f"{label} answered with image data that is not base64") from None
    if not data:
        raise ProviderError(f"{label} answered with an empty image")
    return data


def _download(client: httpx.Client, label: str, url: str) -> bytes:
    if not url.startswith(("https://", "http://")):
        raise ProviderError(f"{label} answered with an image URL that is not http(s)")
    try:
        response = client.get(url)
    except httpx.HTTPError as exc:
        raise ProviderError(f"The image from {label} could not be downloaded: {exc.__class__.__name__}") from None
    if response.status_code >= 300:
        raise ProviderError(f"The image from {label} could not be downloaded (HTTP {response.status_code})")
    if not response.content or len(response.content) > MAX_IMAGE_BYTES:
        raise ProviderError(f"The image from {label} is empty or too large")
    return response.content


class OpenAIImagesProvider:
    """POST {base}/images/generations, answer ``data[0].b64_json`` (or ``url``)."""

    name = "openai"
    label = "OpenAI Images"

    def __init__(
        self, *, base_url: str, api_key: str, timeout: float = 120.0, client: httpx.Client | None = None
    ) -> None:
        if not api_key:
            raise ProviderNotConfigured("OpenAI Images is selected but no OpenAI API key is saved in AI settings.")
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.client = client or httpx.Client(timeout=timeout)

    @staticmethod
    def size_for(width: int, height: int) -> str:
        if width > height:
            return "1536x1024"
        if height > width:
            return "1024x1536"
        return "1024x1024"

    def generate(self, request: ImageRequest) -> ImageResult:
        body: dict[str, Any] = {
            "model": request.model,
            "prompt": request.prompt,
            "n": 1,
            "size": self.size_for(request.width, request.height),
        }
        if not request.model.startswith("gpt-image"):  # DALL·E answers URLs unless asked for base64
            body["response_format"] = "b64_json"
        data = post_json(
            self.client,
            f"{self.base_url}/images/generations",
            json=body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.api_key}"},
            label=self.label,
        )
        try:
            item = data["data"][0]
        except (KeyError, IndexError, TypeError):
            raise ProviderError(f"{self.label} answered without an image") from None
        if not isinstance(item, dict):
            raise ProviderError(f"{self.label} answered without an image")
        if item.get("b64_json"):
            raw = _decode(self.label, item["b64_json"])
        elif item.get("url"):
            raw = _download(self.client, self.label, str(item["url"]))
        else:
            raise ProviderError(f"{self.label} answered without an image")
        return ImageResult(data=raw, model=str(data.get("model") or request.model), provider=self.name)


class RunwareProvider:
    """POST https://api.runware.ai/v1 with a task array (authentication + imageInference)."""

    name = "runware"
    label = "Runware"

    def __init__(
        self, *, api_key: str, url: str = RUNWARE_URL, timeout: float = 120.0, client: httpx.Client | None = None
    ) -> None:
        if not api_key:
            raise ProviderNotConfigured("Runware is selected but no Runware API key is saved in AI settings.")
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.client = client or httpx.Client(timeout=timeout)

    @staticmethod
    def _dimension(value: int) -> int:
        return max(128, min(2048, int(value / 64 + 0.5) * 64))  # Runware wants multiples of 64 (half up)

    def generate(self, request: ImageRequest) -> ImageResult:
        task_uuid = str(uuid.uuid4())
        tasks = [
            {"taskType": "authentication", "apiKey": self.api_key},
            {
                "taskType": "imageInference",
                "taskUUID": task_uuid,
                "positivePrompt": request.prompt,
                "model": request.model,
                "width": self._dimension(request.width),
                "height": self._dimension(request.height),
                "numberResults": 1,
                "outputType": "base64Data",
                "outputFormat": "WEBP",
            },
        ]
        data = post_json(
            self.client,
            self.url,
            json=cast("dict[str, Any]", tasks),  # Runware takes a bare JSON array of tasks
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.api_key}"},
            label=self.label,
        )
        errors = data.get("errors")
        if errors:
            first = errors[0] if isinstance(errors, list) and errors else {}
            message = first.get("message") if isinstance(first, dict) else None
            raise ProviderError(f"{self.label} refused the request: {str(message or errors)[:300]}")
        results = [r for r in (data.get("data") or []) if isinstance(r, dict) and r.get("taskType") == "imageInference"]
        if not results:
            raise ProviderError(f"{self.label} answered without an image")
        item = results[0]
        if item.get("imageBase64Data"):
            raw = _decode(self.label, item["imageBase64Data"])
        elif item.get("imageDataURI"):
            raw = _decode(self.label, item["imageDataURI"])
        elif item.get("imageURL"):
            raw = _download(self.client, self.label, str(item["imageURL"]))
        else:
            raise ProviderError(f"{self.label} answered without an image")
        return ImageResult(data=raw, model=request.model, provider=self.name)


def image_provider_build(
    *, provider: str, keys: dict[str, str], base_url: str = "", timeout: float = 120.0
) -> ImageProvider:
    if provider == "openai":
        return OpenAIImagesProvider(
            base_url=base_url or OPENAI_IMAGES_BASE_URL, api_key=keys.get("openai", ""), timeout=timeout
        )
    if provider == "runware":
        return RunwareProvider(api_key=keys.get("runware", ""), url=base_url or RUNWARE_URL, timeout=timeout)
    raise ProviderNotConfigured(f"Unknown image provider {provider!r}. Choose offline, openai or runware.")
