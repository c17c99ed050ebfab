from django.urls import path

from . import views
from .views import suspension

app_name = "members"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("profile/", views.profile, name="profile"),
    path("profile/leave/", views.leave, name="leave"),
    path("household/", views.household, name="household"),
    path("household/drivers/<int:pk>/remove/", views.household_driver_remove, name="household_driver_remove"),
    path("members/", views.member_list, name="list"),
    path("members/<int:pk>/", views.member_detail, name="detail"),
    path("members/access-log/", views.access_log, name="access_log"),
    path("members/<int:pk>/admit/", views.admit, name="admit"),
    path("members/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("members/<int:pk>/suspend/", views.suspend, name="suspend"),
    path("members/<int:pk>/reinstate/", views.reinstate, name="reinstate"),
    path("members/<int:pk>/rights-suspend/", suspension.rights_suspend, name="rights_suspend"),
    path("members/<int:pk>/rights-restore/", suspension.rights_restore, name="rights_restore"),
    path("members/<int:pk>/remove/", views.remove, name="remove"),
    path("members/<int:pk>/erase/", views.erase, name="erase"),
    path("members/<int:pk>/roles/", views.roles, name="roles"),
    path("board/", views.board, name="board"),
    path("board/roles/", views.roles_assign, name="roles_assign"),
    path("board/roles/<int:pk>/approve/", views.role_grant_approve, name="role_grant_approve"),
    path("board/roles/<int:pk>/refuse/", views.role_grant_refuse, name="role_grant_refuse"),
]
