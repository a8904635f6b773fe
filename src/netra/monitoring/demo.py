"""Demo data for monitoring (``netra load_demo_data``, order 70): constructed accounts of civil
servants and an official kelurahan account in Kota Serang, a fictional Pilkada Kota Serang 2024
lexicon, campaign and neutral posts and the interactions that raise hits. Nothing comes from the
shared evaluation corpus. Idempotent: accounts, posts and interactions have natural keys."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from netra.cases.intake import responsible_office

from . import services
from .models import Interaction, LexiconEntry, MonitoredAccount, Post

LEXICON = [
    ("Budi-Sari", "candidate", "01", 0.8), ("Bang Budi", "nickname", "01", 0.8),
    ("#SerangMaju01", "hashtag", "01", 2.5), ("Serang Maju", "slogan", "01", 1.5),
    ("Hendra-Rina", "candidate", "02", 0.8), ("Kang Hendra", "nickname", "02", 0.8),
    ("#SerangBerkah02", "hashtag", "02", 2.5), ("Serang Berkah", "slogan", "02", 1.5),
    ("coblos 01", "ballot_number", "01", 1.5), ("coblos 02", "ballot_number", "02", 1.5),
]

ACCOUNTS = [
    # handle, platform, holder, name/institution, position, agency, employment, region
    ("lurah.cipare", "instagram", "person", "Ahmad Fauzi", "Lurah Cipare",
     "Pemerintah Kota Serang", "pns", "36.73.01.1002"),
    ("kel_cipare_official", "twitter", "institution", "Kelurahan Cipare", "",
     "Pemerintah Kota Serang", "", "36.73.01.1002"),
    ("guru_rina_sdn5", "twitter", "person", "Rina Marlina", "Guru SDN 5 Serang",
     "Dinas Pendidikan Kota Serang", "pppk", "36.73.01"),
    ("sekcam_cipocok", "facebook", "person", "Dedi Kurniawan", "Sekretaris Kecamatan",
     "Kecamatan Cipocok Jaya", "pns", "36.73.05"),
    ("dinkes.serangkota", "instagram", "institution", "Dinas Kesehatan Kota Serang", "",
     "Dinas Kesehatan Kota Serang", "", "36.73"),
    ("staf_bappeda_yudi", "twitter", "person", "Yudi Prasetyo", "Analis Perencanaan",
     "Bappeda Kota Serang", "pns", "36.73.05"),
]

POSTS = [
    # post id, platform, author, text, days ago
    ("dm-1001", "twitter", "timses_budisari",
     "Ayo warga Serang, 27 November coblos 01! Bang Budi dan Bu Sari sudah terbukti kerja. "
     "#SerangMaju01", 3),
    ("dm-1002", "twitter", "relawan_hendra",
     "Kang Hendra-Rina untuk Serang Berkah, jangan lupa coblos 02 ya warga!! #SerangBerkah02", 5),
    ("dm-1003", "twitter", "kpu_kotaserang",
     "KPU Kota Serang menetapkan jadwal debat publik kedua calon wali kota pada 10 November.", 6),
    ("dm-1004", "instagram", "budisari_official",
     "Terima kasih relawan Cipare! Serang Maju bersama Budi-Sari 💪 #SerangMaju01", 9),
    ("dm-1005", "facebook", "hendra.rina.2024",
     "Kampanye akbar Kang Hendra di alun-alun, mari bersama wujudkan Serang Berkah! "
     "#SerangBerkah02", 12),
    ("dm-1006", "twitter", "infoserang",
     "Pemkot Serang resmikan puskesmas baru di Cipocok Jaya hari ini.", 14),
    ("dm-1007", "twitter", "guru_rina_sdn5",
     "Pilihan saya jelas, Bang Budi lanjutkan! coblos 01 #SerangMaju01", 16),
]

INTERACTIONS = [
    # post id, actor handle, type, days ago
    ("dm-1001", "kel_cipare_official", "share", 3), ("dm-1001", "staf_bappeda_yudi", "like", 2),
    ("dm-1002", "sekcam_cipocok", "like", 5), ("dm-1002", "sekcam_cipocok", "comment", 5),
    ("dm-1003", "guru_rina_sdn5", "share", 6), ("dm-1004", "lurah.cipare", "like", 8),
    ("dm-1004", "dinkes.serangkota", "like", 9), ("dm-1005", "sekcam_cipocok", "share", 11),
    ("dm-1006", "lurah.cipare", "share", 14), ("dm-1007", "guru_rina_sdn5", "post", 16),
]


def load():
    """Create the demo lexicon, accounts, posts and interactions, then raise hits."""
    for term, kind, side, weight in LEXICON:
        LexiconEntry.objects.get_or_create(term=term, kind=kind, side=side,
                                           defaults={"weight": weight})
    accounts = {}
    for handle, platform, holder, name, position, agency, employment, region in ACCOUNTS:
        office = responsible_office(region)
        account, _created = MonitoredAccount.objects.get_or_create(
            platform=platform, handle=handle,
            defaults={
                "holder_kind": holder,
                "person_name": name if holder == "person" else "",
                "institution_name": name if holder == "institution" else "",
                "position": position, "agency": agency, "employment_type": employment,
                "region_code": region, "office_id": office.pk if office else None,
                "url": f"https://{platform}.com/{handle}",
            },
        )
        accounts[handle] = account
    now = timezone.now()
    platforms = {}
    for post_id, platform, author, text, days in POSTS:
        platforms[post_id] = platform
        Post.objects.get_or_create(
            platform=platform, post_id=post_id,
            defaults={"author_handle": author, "text": text,
                      "url": f"https://{platform}.com/{author}/status/{post_id}",
                      "posted_at": now - timedelta(days=days)},
        )
    rows = []
    for post_id, actor, kind, days in INTERACTIONS:
        account = accounts.get(actor)
        platform = platforms[post_id]
        if account is not None and account.platform != platform:
            account = None  # a demo account acts on its own platform only
        rows.append(Interaction(platform=platform, post_id=post_id, actor_handle=actor,
                                interaction_type=kind, account=account,
                                occurred_at=now - timedelta(days=days)))
    Interaction.objects.bulk_create(rows, ignore_conflicts=True)
    services.detect_hits()
    return []
