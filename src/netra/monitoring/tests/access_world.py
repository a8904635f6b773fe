"""Monitoring in the access matrix's world (``netra.core.tests.access_world``): one hit per
position, on an account of that position's region, with its post."""

from netra.core.tests.access_world import POSITION_REGION, POSITIONS, Placed
from netra.monitoring.models import Hit, MonitoredAccount, Post


def place(world) -> None:
    for position in POSITIONS:
        marker = f"mxm-hit-{position}"
        code = POSITION_REGION[position]
        account = MonitoredAccount.objects.create(
            platform="twitter", handle=marker, region_code=code, person_name=f"MXM {position}",
            position="Staf", agency="Dinas MXM", office=world.offices[position],
        )
        post = Post.objects.create(platform="twitter", post_id=marker,
                                   author_handle="calon_mxm", text=f"MXM post {position}")
        hit = Hit.objects.create(account=account, post=post, interaction_type="like",
                                 region_code=code, score=0.9, side="1")
        world.placed[("monitoring_hit", position)] = Placed(
            Hit, hit.pk, code, marker, secret=f"MXM post {position}")
        world.placed[("monitoring_account", position)] = Placed(
            MonitoredAccount, account.pk, code, marker)
