from django.urls import path

from . import views
from .views import files as views_files
from .views import followup as views_followup

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_update, name="case_update"),
    path("<int:pk>/transition/<slug:name>/", views.case_transition, name="case_transition"),
    path("<int:pk>/classify/", views.case_classify, name="case_classify"),
    path("<int:pk>/extend/", views.case_extend, name="case_extend"),
    path("<int:pk>/correct/", views.case_correct, name="case_correct"),
    path("<int:pk>/persons/", views.case_person_add, name="case_person_add"),
    path("<int:pk>/nip/", views.case_person_nip, name="case_person_nip"),
    path("<int:pk>/witnesses/", views.case_witness_add, name="case_witness_add"),
    path("<int:pk>/conflict/", views.case_conflict, name="case_conflict"),
    path("<int:pk>/handover/", views.case_handover, name="case_handover"),
    path("<int:pk>/link/", views.case_link, name="case_link"),
    # Recipient bodies' inbox and statistics (views_followup).
    path("inbox/", views_followup.inbox, name="inbox"),
    path("inbox/<int:pk>/", views_followup.recommendation_detail, name="recommendation_detail"),
    path("<int:pk>/recommendation/", views_followup.recommendation_compose,
         name="recommendation_compose"),
    path("statistics/", views_followup.statistics, name="statistics"),
    # Evidence and documents (views_files).
    path("<int:pk>/evidence/", views_files.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views_files.evidence_download, name="evidence_download"),
    path("<int:pk>/documents/generate/", views_files.document_generate,
         name="document_generate"),
    path("documents/<int:pk>/", views_files.document_download, name="document_download"),
    # Documents of record: signed scans, completing and finalising generated drafts.
    path("<int:pk>/documents/upload/", views_files.document_upload, name="document_upload"),
    path("documents/<int:pk>/complete/", views_files.document_complete,
         name="document_complete"),
    path("documents/<int:pk>/finalise/", views_files.document_finalise,
         name="document_finalise"),
]
