def test_it_serves_the_home_page_in_chinese(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="zh-CN">' in response.content.decode()
    assert "地方工作报告档案" in response.content.decode()
