"""Monitoring test data: constructed accounts and posts (never the shared corpus)."""

from django.utils import timezone

from netra.monitoring.models import Interaction, MonitoredAccount, Post

CAMPAIGN = "Ayo coblos 01! #JokowiLagi lanjutkan pembangunan, pilih orang baik"
NEUTRAL = "KPU umumkan jadwal debat capres pekan depan di Jakarta"


def account(handle="lurah_cipare", region="36.73.01.1002", **kw) -> MonitoredAccount:
    values = {"platform": "twitter", "handle": handle, "region_code": region,
              "person_name": "Budi Santoso", "position": "Lurah Cipare",
              "agency": "Pemerintah Kota Serang", "employment_type": "pns"}
    values.update(kw)
    return MonitoredAccount.objects.create(**values)


def post(post_id="1001", text=CAMPAIGN, author="timses01", **kw) -> Post:
    return Post.objects.create(platform="twitter", post_id=post_id, text=text,
                               author_handle=author, url=f"https://x.com/{author}/status/{post_id}",
                               posted_at=timezone.now(), **kw)


def interaction(acc, p, kind="like") -> Interaction:
    return Interaction.objects.create(platform=p.platform, post_id=p.post_id,
                                      actor_handle=acc.handle, interaction_type=kind,
                                      account=acc, occurred_at=timezone.now())
