from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    SECURITY = "security", "安全管理员"
    AUDITOR = "auditor", "审计管理员"
    COORDINATOR = "coordinator", "统筹协调"
    LEADER = "leader", "领导"
    REPORTER = "reporter", "部门填报"
    REVIEWER = "reviewer", "部门审核"
    CASEWORKER = "caseworker", "经办（初审）"
    APPROVER = "approver", "复审"
    FINANCE = "finance", "财政"
    ENTERPRISE = "enterprise", "企业"


# the roles that see the whole district's business data, every department's, read-only unless another
# permission lets them act
DISTRICT_WIDE_ROLES = frozenset({Role.COORDINATOR, Role.LEADER, Role.FINANCE, Role.AUDITOR})

# 三员分立: the three administrators hold disjoint rights and none of them handles business data.
ADMINISTRATOR_ROLES = frozenset({Role.ADMIN, Role.SECURITY, Role.AUDITOR})
