app_name = "bulletin"
urlpatterns = []
