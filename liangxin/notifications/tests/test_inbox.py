"""The notification centre: notifying people, the unread count, marking read (one's own only), the page
with its filter and the bell, following a notification to its object, and the API."""

import pytest

from liangxin.accounts.models import User
from liangxin.audit.models import AuditEntry
from liangxin.core.codes import UnknownCode
from liangxin.core.errors import Invalid
from liangxin.notifications import inbox
from liangxin.notifications.models import Notification

pytestmark = pytest.mark.django_db


def person(username: str) -> User:
    return User.objects.get(username=username)


def waiting(username: str, text: str = "2026年11月填报待审核", url: str = "/plans/taishan-2024/periods/"):
    return inbox.notify([person(username)], "submission_waiting", text, url)[0]


def test_people_are_the_active_holders_of_a_role_in_a_department():
    wjj = person("wjj_reporter").department
    assert [u.username for u in inbox.people("reviewer", wjj)] == ["wjj_reviewer"]
    assert {u.username for u in inbox.people("coordinator")} == {"fgj_coordinator"}
    User.objects.filter(username="wjj_reviewer").update(is_active=False)
    assert not inbox.people("reviewer", wjj).exists()


def test_notify_reaches_each_person_once_with_an_object_and_refuses_an_unknown_kind():
    reviewer = person("wjj_reviewer")
    sent = inbox.notify([reviewer, reviewer], "deadline", "报送期限提醒", "/x/", obj=reviewer.department)
    assert len(sent) == 1
    assert (sent[0].object_type, sent[0].object_id) == ("accounts.department", str(reviewer.department.pk))
    assert sent[0].kind_label == "报送期限提醒"
    with pytest.raises(UnknownCode):
        inbox.notify([reviewer], "no_such_kind", "x")


def test_marking_read_touches_only_ones_own_unread_and_is_audited():
    mine, theirs = waiting("wjj_reviewer"), waiting("gxj_reviewer")
    waiting("wjj_reviewer")
    reviewer = person("wjj_reviewer")
    assert inbox.unread_count(reviewer) == 2
    assert inbox.mark_read(reviewer, [mine.pk, theirs.pk]) == 1
    assert inbox.unread_count(reviewer) == 1 and inbox.unread_count(person("gxj_reviewer")) == 1
    assert AuditEntry.objects.filter(action="notification.read").latest("seq").after == {"ids": [mine.pk]}
    assert inbox.mark_read(reviewer, [mine.pk]) == 0  # already read: nothing to record
    assert inbox.mark_all_read(reviewer) == 1 and inbox.unread_count(reviewer) == 0
    with pytest.raises(Invalid):
        inbox.mark_read(reviewer, ["x"])


def test_the_list_filters_read_and_unread():
    first, second = waiting("wjj_reviewer", "甲"), waiting("wjj_reviewer", "乙")
    reviewer = person("wjj_reviewer")
    inbox.mark_read(reviewer, [first.pk])
    assert list(inbox.listed(reviewer, "unread")) == [second]
    assert list(inbox.listed(reviewer, "read")) == [first]
    assert set(inbox.listed(reviewer)) == {first, second}
    with pytest.raises(Invalid):
        inbox.listed(reviewer, "old")


def test_the_bell_counts_unread_and_the_page_lists_filters_and_marks(login):
    note = waiting("wjj_reviewer", "2026年11月卫健局填报待审核")
    waiting("gxj_reviewer", "别人的通知")
    client = login("wjj_reviewer")
    home = client.get("/").content.decode()
    assert 'data-testid="unread-count">1<' in home
    page = client.get("/notifications/", {"state": "unread"}).content.decode()
    assert "2026年11月卫健局填报待审核" in page and "别人的通知" not in page and "填报待处理" in page
    response = client.post("/notifications/read/", {"id": [note.pk], "state": "unread"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?state=unread"
    assert "没有未读的通知" in client.get("/notifications/", {"state": "unread"}).content.decode()
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()


def test_following_a_notification_marks_it_read_and_goes_to_its_object(login):
    note = waiting("wjj_reviewer", url="/plans/taishan-2024/periods/")
    other = waiting("gxj_reviewer")
    client = login("wjj_reviewer")
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/plans/taishan-2024/periods/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.post(f"/notifications/{other.pk}/open/").status_code == 404


def test_a_link_off_the_site_is_not_followed(login):
    note = waiting("wjj_reviewer", url="https://example.com/phish")
    response = login("wjj_reviewer").post(f"/notifications/{note.pk}/open/")
    assert response["Location"].startswith("/notifications/")


def test_the_api_lists_counts_and_marks_read(client, api_token):
    mine = waiting("wjj_reviewer", "甲")
    theirs = waiting("gxj_reviewer", "乙")
    auth = api_token("wjj_reviewer")
    listed = client.get("/api/v1/notifications", {"state": "unread"}, **auth).json()
    assert listed["count"] == 1 and listed["items"][0]["text"] == "甲"
    assert listed["items"][0]["kind_label"] == "填报待处理"
    assert client.get("/api/v1/notifications/unread-count", **auth).json() == {"unread": 1}
    marked = client.post(
        "/api/v1/notifications/read", {"ids": [mine.pk, theirs.pk]}, content_type="application/json", **auth
    )
    assert marked.json() == {"marked": 1, "unread": 0}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert client.get("/api/v1/notifications", {"state": "bad"}, **auth).status_code == 422
    waiting("wjj_reviewer")
    assert client.post("/api/v1/notifications/read-all", **auth).json() == {"marked": 1, "unread": 0}


@pytest.mark.parametrize("ids", [[2**63], [0], [-5], ["x"]])
def test_marking_read_refuses_a_number_no_record_can_have_naming_the_field(client, api_token, ids):
    answer = client.post(
        "/api/v1/notifications/read",
        {"ids": ids},
        content_type="application/json",
        **api_token("wjj_reviewer"),
    )
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"].startswith("ids")
