"""Staff pages under /consultation/ and public pages under /public/consultations/ (one namespace)."""

from django.urls import path

from . import public_views as public
from . import views

app_name = "consultation"

urlpatterns = [
    # staff workspace
    path("consultation/", views.consultation_list, name="list"),
    path("consultation/new/", views.consultation_create, name="create"),
    path("consultation/moderation/", views.moderation_queue_all, name="moderation_all"),
    path("consultation/<int:pk>/", views.consultation_detail, name="detail"),
    path("consultation/<int:pk>/comments/", views.comment_list, name="comments"),
    path("consultation/<int:pk>/campaigns/", views.campaign_list, name="campaigns"),
    path("consultation/<int:pk>/themes/", views.theme_list, name="themes"),
    path("consultation/<int:pk>/themes/<int:theme_id>/decide/", views.theme_decide, name="theme_decide"),
    path("consultation/<int:pk>/moderation/", views.moderation_queue, name="moderation"),
    path("consultation/<int:pk>/letter/", views.letter_enter, name="letter"),
    path("consultation/<int:pk>/import/", views.comments_import, name="import"),
    path("consultation/<int:pk>/import/template.xlsx", views.import_template, name="import_template"),
    path("consultation/<int:pk>/analyse/", views.analyse, name="analyse"),
    path("consultation/<int:pk>/close/", views.close, name="close"),
    path("consultation/<int:pk>/extend/", views.extend, name="extend"),
    path("consultation/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("consultation/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("consultation/<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("consultation/<int:pk>/sms.xlsx", views.sms_list, name="sms_list"),
    path("consultation/comment/<int:comment_pk>/", views.comment_detail, name="comment"),
    # public portal
    path("public/consultations/", public.consultation_list, name="public_list"),
    path("public/consultations/<int:pk>/", public.consultation_detail, name="public_detail"),
    path("public/consultations/<int:pk>/comment/", public.comment_submit, name="public_comment"),
    path("public/consultations/<int:pk>/feedback/", public.feedback, name="public_feedback"),
    path("public/consultations/receipt/", public.receipt_lookup, name="public_receipt"),
    path("public/consultations/mine/", public.my_comments, name="public_mine"),
]
