"""The footer's mainland lines: sponsor, contact, ICP filing (备案号) and public-security filing (公网安备).

A site published in mainland China shows its ICP filing number linked to the
MIIT lookup page, and its public-security filing number linked to that
record's lookup page. Both are settings under `extra.tekan` in mkdocs.yml
(tekan/settings.py checks them); absent, the footer shows none and the build
says so (a notice, not a warning: a preview or a site hosted abroad needs none).
Plain Python, no MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

from tekan.settings import Settings

ICP_LOOKUP = "https://beian.miit.gov.cn/"
GONGAN_LOOKUP = "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode="


@dataclass(frozen=True)
class SiteFooter:
    icp: str = ""
    gongan: str = ""
    sponsor: str = ""
    contact: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> SiteFooter:
        return cls(settings.icp, settings.gongan, settings.sponsor, settings.contact)

    @property
    def icp_url(self) -> str:
        return ICP_LOOKUP

    @property
    def gongan_code(self) -> str:
        """The record's digits (粤公网安备 44010602000001号 -> 44010602000001), which its lookup page takes."""
        return "".join(char for char in self.gongan if char.isdigit())

    @property
    def gongan_url(self) -> str:
        return GONGAN_LOOKUP + self.gongan_code


def footer_notices(footer: SiteFooter) -> list[str]:
    """What the build mentions when a filing number is not set."""
    notices = []
    if not footer.icp:
        notices.append(
            "页脚没有 ICP 备案号：在中国大陆发布前，请在 mkdocs.yml 的 extra.tekan.icp 填写，如「粤ICP备…号」。"
        )
    if not footer.gongan:
        notices.append(
            "页脚没有公网安备号：如已办理，请在 mkdocs.yml 的 extra.tekan.gongan 填写，如「粤公网安备 44…号」。"
        )
    return notices
