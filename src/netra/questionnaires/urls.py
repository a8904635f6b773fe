from django.urls import path

from . import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.questionnaire_list, name="questionnaire_list"),
    path("new/", views.QuestionnaireCreateView.as_view(), name="questionnaire_create"),
    path("<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("<int:pk>/questions/add/", views.QuestionAddView.as_view(), name="question_add"),
    path("questions/<int:question_pk>/<str:direction>/", views.question_move,
         name="question_move"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("<int:pk>/status/", views.status_change, name="status_change"),
    path("<int:pk>/waves/new/", views.WaveCreateView.as_view(), name="wave_create"),
    path("<int:pk>/codes/", views.CodesIssueView.as_view(), name="codes_issue"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/import/", views.ImportResponsesView.as_view(), name="import"),
    path("r/<str:token>/", views.respond, name="respond"),
    path("r/<str:token>/thanks/", views.respond_thanks, name="respond_thanks"),
]
