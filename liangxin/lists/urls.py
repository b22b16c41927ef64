from django.urls import path

from liangxin.lists import views

app_name = "lists"
urlpatterns = [
    path("lists/categories/", views.supply_categories, name="categories"),
    path("public/supply/", views.public_supply, name="public_supply"),
    path("public/supply/export.xlsx", views.public_supply_export, name="public_supply_export"),
]
for _code in ("supply", "demand"):
    _kw = {"list_code": _code}
    urlpatterns += [
        path(f"lists/{_code}/", views.entry_list, _kw, name=f"{_code}_list"),
        path(f"lists/{_code}/new/", views.entry_create, _kw, name=f"{_code}_create"),
        path(f"lists/{_code}/export.xlsx", views.entry_export, _kw, name=f"{_code}_export"),
        path(f"lists/{_code}/import/", views.entry_import, _kw, name=f"{_code}_import"),
        path(f"lists/{_code}/<int:pk>/", views.entry_detail, _kw, name=f"{_code}_detail"),
        path(f"lists/{_code}/<int:pk>/edit/", views.entry_edit, _kw, name=f"{_code}_edit"),
        path(f"lists/{_code}/<int:pk>/reveal/", views.entry_reveal, _kw, name=f"{_code}_reveal"),
    ]
    urlpatterns += [
        path(
            f"lists/{_code}/<int:pk>/{step}/", views.entry_step, _kw | {"step": step}, name=f"{_code}_{step}"
        )
        for step in views.STEPS
    ]
