app_name = "status"
urlpatterns = []
