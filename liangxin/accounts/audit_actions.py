from liangxin.audit.registry import declare, declare_category, declare_objects

declare_category("account", "账号与安全")
declare(
    "account",
    {
        "login.success": "登录成功",
        "login.failure": "登录失败",
        "login.locked": "账号锁定",
        "user.create": "新增账号",
        "user.update": "修改账号",
        "user.disable": "停用账号",
        "user.enable": "启用账号",
        "user.roles": "分配角色",
        "password.change": "修改密码",
        "password.change.failure": "修改密码失败",
        "token.create": "生成令牌",
        "token.revoke": "吊销令牌",
    },
)

declare_objects(
    {
        "accounts.department": "部门",
        "accounts.user": "账号",
        "accounts.roleassignment": "角色分配",
        "accounts.apitoken": "接口令牌",
    }
)
